// Deployments short of quota go to the end of a request's order (still there as a last resort),
// the others keep their order. No allocation when none is short: the common case.

import type { ResolvedTarget } from '../config/resolve-model.js';
import { targetKey } from './deployment-stats.js';
import type { DeploymentQuotas } from './deployment-quotas.js';

export function shortLast(targets: ResolvedTarget[], quotas: DeploymentQuotas): ResolvedTarget[] {
  if (targets.length < 2) return targets;
  const short = (target: ResolvedTarget): boolean => quotas.isShort(targetKey(target), target.limits);
  if (!targets.some(short)) return targets;
  return [...targets.filter((target) => !short(target)), ...targets.filter(short)];
}
