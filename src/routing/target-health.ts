// TargetHealth (with-retries.ts) for a route's resolved targets: the process's circuit breakers
// decide whether a target may be tried (an open one is skipped), and every attempt's outcome
// feeds its breaker and the balancer's figures (in flight, latency, failure rate). Targets of a route with
// breakers off are always available.

import type { ResolvedTarget } from '../config/resolve-model.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { CircuitBreakers } from './circuit-breakers.js';
import type { DeploymentQuotas } from './deployment-quotas.js';
import { targetKey, type DeploymentStats } from './deployment-stats.js';
import type { TargetHealth } from './with-retries.js';

export function targetHealth(
  breakers: CircuitBreakers,
  stats: DeploymentStats,
  onSkip: (target: ResolvedTarget) => void = () => undefined,
  quotas?: DeploymentQuotas,
): TargetHealth<ResolvedTarget> {
  const keyOf = (target: ResolvedTarget): string => targetKey(target);
  const breakerOf = (target: ResolvedTarget): CircuitBreaker | undefined =>
    target.breaker === undefined
      ? undefined
      : breakers.forKey(keyOf(target), target.breaker, target.settings.name, target.upstreamModel);
  return {
    acquire(target) {
      const breaker = breakerOf(target);
      if (breaker !== undefined && !breaker.tryAcquire()) {
        onSkip(target);
        return false;
      }
      stats.started(keyOf(target));
      // Only deployments with declared quotas are counted: the others need no minute of history.
      if (target.limits !== undefined) quotas?.countRequest(keyOf(target));
      return true;
    },
    settle(target, outcome, elapsedMs, error, stillOpen) {
      const breaker = breakerOf(target);
      // A 429 is an answer to the breaker, but it makes the deployment short of quota.
      if (error?.code === 'rate_limited') {
        const wait = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
        quotas?.rateLimited(keyOf(target), wait);
      }
      // An account out of quota stays so for a while: it goes last for later requests, as long as
      // the longest a 429 can keep it there.
      if (error?.code === 'insufficient_quota') quotas?.rateLimited(keyOf(target), Number.POSITIVE_INFINITY);
      if (outcome === 'none') {
        stats.abandoned(keyOf(target));
        breaker?.release();
        return;
      }
      if (outcome === 'lost') {
        // It would have taken at least this long: leaving it out would make a slow target look
        // fast (only its quick answers would be counted) and lower the hedge delay with it.
        stats.ended(keyOf(target), elapsedMs, 'success');
        breaker?.release();
        return;
      }
      // An error that is an answer (a 4xx, a 429) is quick because no work was done: it is no
      // measure of the deployment's speed.
      const result = outcome === 'failure' ? 'failure' : error === undefined ? 'success' : 'refused';
      stats.ended(keyOf(target), elapsedMs, result, stillOpen === true && outcome === 'success');
      if (outcome === 'success') breaker?.succeeded();
      else breaker?.failed();
    },
    closed(target) {
      stats.abandoned(keyOf(target));
    },
    retryInMs(target) {
      return breakerOf(target)?.retryInMs ?? 0;
    },
  };
}
