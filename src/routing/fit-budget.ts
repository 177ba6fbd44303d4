// When a client's budget is shorter than the first target's recent p95, go straight to the
// fastest target instead: trying a target that usually needs more time than is left mostly
// wastes the budget. Targets with too few samples have no p95 and are never preferred.

import type { ResolvedTarget } from '../config/resolve-model.js';
import { targetKey, type DeploymentStats } from './deployment-stats.js';

export function fitBudget(
  targets: ResolvedTarget[],
  remainingMs: number,
  stats: DeploymentStats,
): ResolvedTarget[] {
  const first = targets[0];
  if (first === undefined || targets.length < 2) return targets;
  const p95 = (target: ResolvedTarget) => stats.p95(targetKey(target));
  const firstP95 = p95(first);
  if (firstP95 === undefined || firstP95 <= remainingMs) return targets;
  let fastest: ResolvedTarget | undefined;
  let fastestP95 = firstP95;
  for (const target of targets) {
    const candidate = p95(target);
    if (candidate !== undefined && candidate < fastestP95) {
      fastest = target;
      fastestP95 = candidate;
    }
  }
  return fastest === undefined ? targets : [fastest, ...targets.filter((target) => target !== fastest)];
}
