// When a route hedges its first attempt: after its fixed `delayMs`, or after the first target's
// recent p95 time to answer once it has enough samples (until then, no hedge: a guess would
// either hedge everything or nothing).

import type { ResolvedModel, ResolvedTarget } from '../config/resolve-model.js';
import { targetKey, type DeploymentStats } from './deployment-stats.js';
import type { HedgePolicy } from './with-retries.js';

export function hedgePolicy(
  route: Pick<ResolvedModel, 'hedge'>,
  stats: DeploymentStats,
): HedgePolicy<ResolvedTarget> | undefined {
  const hedge = route.hedge;
  if (hedge === undefined) return undefined;
  return {
    delayMs: (target) => hedge.delayMs ?? stats.p95(targetKey(target), hedge.minimumSamples),
  };
}
