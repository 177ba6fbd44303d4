// The order in which one request tries a route's targets: the first is the balancer's choice, the
// rest are its fallbacks. priority keeps the order written; weighted draws by weight; least-in-
// flight prefers the emptiest; latency takes the faster of two random picks (power of two
// choices). A sticky value (a header) puts the same caller's target first by rendezvous hashing,
// so a caller keeps its target while the set of targets stays the same.

import type { ResolvedModel, ResolvedTarget } from '../config/resolve-model.js';
import { targetKey, type DeploymentStats } from './deployment-stats.js';

export function orderTargets(
  route: Pick<ResolvedModel, 'targets' | 'balance'>,
  stats: DeploymentStats,
  sticky: string | undefined,
  random: () => number = Math.random,
): ResolvedTarget[] {
  const targets = route.targets;
  if (targets.length < 2) return targets;
  if (sticky !== undefined) return byRendezvous(targets, sticky);
  switch (route.balance) {
    case 'priority':
      return targets;
    case 'weighted':
      return byWeight(targets, random);
    case 'least-in-flight':
      return byLoad(targets, stats, random);
    case 'latency':
      return byLatency(targets, stats, random);
  }
}

const weightOf = (target: ResolvedTarget): number => target.weight ?? 1;
const loadOf = (stats: DeploymentStats, target: ResolvedTarget) => stats.of(targetKey(target));

/** Weighted sampling without replacement (a key u^(1/w) per target); weight 0 comes last, in order. */
function byWeight(targets: readonly ResolvedTarget[], random: () => number): ResolvedTarget[] {
  return sortedBy(targets, (target) => {
    const weight = weightOf(target);
    return weight > 0 ? -(random() ** (1 / weight)) : 1;
  });
}

/** Fewest requests in flight first; a random tie-break, so idle targets share the traffic. */
function byLoad(
  targets: readonly ResolvedTarget[],
  stats: DeploymentStats,
  random: () => number,
): ResolvedTarget[] {
  return sortedBy(targets, (target) => loadOf(stats, target).inFlight + random() * 0.5);
}

/**
 * Two distinct random targets, the faster first (one never measured counts as fastest, so each
 * gets tried; failures count against it while they are recent: expectedLatencyMs); then the rest by the same figure.
 */
function byLatency(
  targets: readonly ResolvedTarget[],
  stats: DeploymentStats,
  random: () => number,
): ResolvedTarget[] {
  const latency = (target: ResolvedTarget): number => stats.expectedLatencyMs(loadOf(stats, target));
  const first = Math.floor(random() * targets.length);
  let second = Math.floor(random() * (targets.length - 1));
  if (second >= first) second++;
  const [left, right] = [targets[first]!, targets[second]!];
  const chosen = latency(right) < latency(left) ? right : left;
  const rest = sortedBy(
    targets.filter((target) => target !== chosen),
    latency,
  );
  return [chosen, ...rest];
}

/** Highest score first: each target's score is a hash of the sticky value and the deployment. */
function byRendezvous(targets: readonly ResolvedTarget[], sticky: string): ResolvedTarget[] {
  return sortedBy(targets, (target) => {
    const weight = weightOf(target);
    if (weight <= 0) return 1;
    const unit = (fnv1a(`${sticky}\n${target.settings.name}\n${target.upstreamModel}`) + 0.5) / 4_294_967_296;
    // Weighted rendezvous: -w / ln(u) grows with the weight; negated to sort ascending.
    return weight / Math.log(unit);
  });
}

function sortedBy(
  targets: readonly ResolvedTarget[],
  key: (target: ResolvedTarget) => number,
): ResolvedTarget[] {
  return targets
    .map((target, index) => ({ target, index, key: key(target) }))
    .sort((left, right) => left.key - right.key || left.index - right.index)
    .map((entry) => entry.target);
}

/**
 * 32-bit FNV-1a over UTF-16 code units, then murmur3's finaliser so that names differing in one
 * character still land far apart: fast, and stable across processes and restarts.
 */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
