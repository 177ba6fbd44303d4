// TargetHealth (with-retries.ts) for a route's resolved targets, backed by the process's circuit
// breakers: a target whose deployment's breaker is open is skipped; every attempt's outcome feeds
// its breaker. Targets of a route with breakers off are always available and never counted.

import type { ResolvedTarget } from '../config/resolve-model.js';
import type { GatewayError } from '../errors.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { CircuitBreakers } from './circuit-breakers.js';
import type { TargetHealth } from './with-retries.js';

export function breakerHealth(
  breakers: CircuitBreakers,
  onSkip: (target: ResolvedTarget) => void = () => undefined,
): TargetHealth<ResolvedTarget> {
  const breakerOf = (target: ResolvedTarget): CircuitBreaker | undefined =>
    target.breaker === undefined
      ? undefined
      : breakers.for({ provider: target.settings.name, model: target.upstreamModel }, target.breaker);
  return {
    acquire(target) {
      const breaker = breakerOf(target);
      if (breaker === undefined || breaker.tryAcquire()) return true;
      onSkip(target);
      return false;
    },
    settle(target, outcome: 'success' | 'failure' | 'none', _error?: GatewayError) {
      const breaker = breakerOf(target);
      if (breaker === undefined) return;
      if (outcome === 'success') breaker.succeeded();
      else if (outcome === 'failure') breaker.failed();
      else breaker.release();
    },
    retryInMs(target) {
      return breakerOf(target)?.retryInMs ?? 0;
    },
  };
}
