// The process's circuit breakers and the TargetHealth the handlers give the router (breakers and
// the balancer's figures): state changes are logged and counted, skips counted, states read by
// /metrics at scrape time.

import type { ResolvedTarget } from '../config/resolve-model.js';
import type { DeploymentStats } from '../routing/deployment-stats.js';
import { targetHealth } from '../routing/target-health.js';
import { CircuitBreakers } from '../routing/circuit-breakers.js';
import type { TargetHealth } from '../routing/with-retries.js';
import type { Metrics } from '../telemetry/metrics.js';

export function openBreakers(
  metrics: Metrics | undefined,
  stats: DeploymentStats,
  log: (line: string) => void,
): TargetHealth<ResolvedTarget> {
  const breakers: CircuitBreakers = new CircuitBreakers({
    onChange: (deployment, state) => {
      series?.changed(deployment.provider, deployment.model, state);
      const level = state === 'open' ? 'warn' : 'info';
      log(
        `switchyard ${level}: circuit breaker for ${deployment.provider} / ${deployment.model} is ${state}`,
      );
    },
  });
  const series = metrics?.registerCircuitBreakers(() => breakers.states());
  return targetHealth(breakers, stats, (target) =>
    series?.skipped(target.settings.name, target.upstreamModel),
  );
}
