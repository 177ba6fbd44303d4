// The process's circuit breakers and the TargetHealth the handlers give the router (breakers and
// the balancer's figures): state changes are logged and counted, skips counted, states read by
// /metrics at scrape time. Each replica's own decisions (open, closed) go out on the notifier, and
// the others apply them: with Redis, every replica skips a failing deployment as soon as one
// opened its breaker, and no request waits on Redis (a hint, like every notification).

import { randomUUID } from 'node:crypto';
import type { ResolvedTarget } from '../config/resolve-model.js';
import type { DeploymentQuotas } from '../routing/deployment-quotas.js';
import type { DeploymentStats } from '../routing/deployment-stats.js';
import { targetHealth } from '../routing/target-health.js';
import { CircuitBreakers, type BreakerChange } from '../routing/circuit-breakers.js';
import type { TargetHealth } from '../routing/with-retries.js';
import type { Notifier } from '../storage/notifier.js';
import type { Metrics } from '../telemetry/metrics.js';

export const breakerChannel = 'circuit-breakers';

interface BreakerMessage {
  origin: string;
  provider: string;
  model: string;
  state: 'open' | 'closed';
  openForMs: number;
}

export async function openBreakers(
  metrics: Metrics | undefined,
  stats: DeploymentStats,
  quotas: DeploymentQuotas,
  notifier: Notifier,
  log: (line: string) => void,
): Promise<TargetHealth<ResolvedTarget>> {
  const origin = randomUUID();
  const publish = (change: BreakerChange): void => {
    if (change.origin !== 'local' || change.state === 'half-open') return;
    const message: BreakerMessage = {
      origin,
      ...change.deployment,
      state: change.state,
      openForMs: change.openForMs,
    };
    notifier.publish(breakerChannel, JSON.stringify(message)).catch((error: unknown) => {
      log(`switchyard warn: could not share a circuit breaker change: ${String(error)}`);
    });
  };
  const breakers: CircuitBreakers = new CircuitBreakers({
    onChange: (change) => {
      const { deployment, state } = change;
      series?.changed(deployment.provider, deployment.model, state);
      const level = state === 'open' ? 'warn' : 'info';
      const from = change.origin === 'remote' ? ' (told by another replica)' : '';
      log(
        `switchyard ${level}: circuit breaker for ${deployment.provider} / ${deployment.model} is ${state}${from}`,
      );
      publish(change);
    },
  });
  const series = metrics?.registerCircuitBreakers(() => breakers.states());
  await notifier.subscribe(breakerChannel, (text) => {
    const message = parseMessage(text);
    if (message === undefined || message.origin === origin) return;
    breakers.apply({ provider: message.provider, model: message.model }, message.state, message.openForMs);
  });
  return targetHealth(
    breakers,
    stats,
    (target) => series?.skipped(target.settings.name, target.upstreamModel),
    quotas,
  );
}

/** A message from another replica, or undefined for anything malformed (never trusted blindly). */
function parseMessage(text: string): BreakerMessage | undefined {
  try {
    const value = JSON.parse(text) as Partial<BreakerMessage>;
    if (
      typeof value.origin === 'string' &&
      typeof value.provider === 'string' &&
      typeof value.model === 'string' &&
      (value.state === 'open' || value.state === 'closed') &&
      typeof value.openForMs === 'number' &&
      value.openForMs >= 0 &&
      value.openForMs <= 86_400_000
    ) {
      return value as BreakerMessage;
    }
  } catch {
    // not JSON: ignored
  }
  return undefined;
}
