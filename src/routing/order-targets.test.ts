import { describe, expect, it } from 'vitest';
import type { ResolvedModel, ResolvedTarget } from '../config/resolve-model.js';
import type { BalanceStrategy } from '../config/model-schema.js';
import { DeploymentStats, deploymentKey } from './deployment-stats.js';
import { orderTargets } from './order-targets.js';
import { seededRandom } from '../upstream/testing/fault-plan.js';

function target(name: string, weight = 1): ResolvedTarget {
  return { settings: { name } as ResolvedTarget['settings'], upstreamModel: 'm', weight } as ResolvedTarget;
}

function route(
  balance: BalanceStrategy,
  targets: ResolvedTarget[],
): Pick<ResolvedModel, 'targets' | 'balance'> {
  return { balance, targets };
}

/** How often each target came first over `rounds` orderings. */
function firsts(order: () => ResolvedTarget[], rounds = 10_000): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let round = 0; round < rounds; round++) {
    const name = order()[0]!.settings.name;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

describe('orderTargets', () => {
  const a = target('a');
  const b = target('b');
  const c = target('c');

  it('keeps the written order under priority, and never reorders a single target', () => {
    const stats = new DeploymentStats();
    expect(orderTargets(route('priority', [a, b, c]), stats, undefined)).toEqual([a, b, c]);
    expect(orderTargets(route('latency', [a]), stats, 'caller')).toEqual([a]);
  });

  it('splits first choices by weight, puts weight 0 last, and keeps every target as a fallback', () => {
    const random = seededRandom(5);
    const weighted = route('weighted', [target('a', 3), target('b', 1), target('spare', 0)]);
    const counts = firsts(() => orderTargets(weighted, new DeploymentStats(), undefined, random));
    expect(counts.a! / 10_000).toBeCloseTo(0.75, 1);
    expect(counts.b! / 10_000).toBeCloseTo(0.25, 1);
    expect(counts.spare).toBeUndefined();
    const order = orderTargets(weighted, new DeploymentStats(), undefined, random);
    expect(order.map((entry) => entry.settings.name).sort()).toEqual(['a', 'b', 'spare']);
    expect(order.at(-1)?.settings.name).toBe('spare');
  });

  it('prefers the target with the fewest requests in flight, sharing ties at random', () => {
    const stats = new DeploymentStats();
    const random = seededRandom(9);
    const balanced = route('least-in-flight', [a, b, c]);
    const idle = firsts(() => orderTargets(balanced, stats, undefined, random), 3000);
    expect(Object.keys(idle).sort()).toEqual(['a', 'b', 'c']);
    stats.started(deploymentKey('a', 'm'));
    stats.started(deploymentKey('b', 'm'));
    stats.started(deploymentKey('b', 'm'));
    expect(orderTargets(balanced, stats, undefined, random).map((entry) => entry.settings.name)).toEqual([
      'c',
      'a',
      'b',
    ]);
  });

  it('picks the faster of two random targets, trying an unmeasured one first', () => {
    const stats = new DeploymentStats();
    const random = seededRandom(11);
    const fast = route('latency', [a, b]);
    stats.ended(deploymentKey('a', 'm'), 200, 'success');
    expect(orderTargets(fast, stats, undefined, random)[0]).toBe(b); // b never measured
    stats.ended(deploymentKey('b', 'm'), 20, 'success');
    expect(firsts(() => orderTargets(fast, stats, undefined, random), 200)).toEqual({ b: 200 });
    // With three, the slowest is first only when it is not among the two drawn: never.
    const three = route('latency', [a, b, c]);
    stats.ended(deploymentKey('c', 'm'), 50, 'success');
    const counts = firsts(() => orderTargets(three, stats, undefined, random), 3000);
    expect(counts.a).toBeUndefined();
    expect(counts.b! > counts.c!).toBe(true);
  });

  it('makes a failing target look slow, however fast it fails', () => {
    const stats = new DeploymentStats();
    stats.ended(deploymentKey('a', 'm'), 100, 'success');
    stats.ended(deploymentKey('a', 'm'), 1, 'failure');
    expect(stats.expectedLatencyMs(stats.of(deploymentKey('a', 'm')))).toBeGreaterThan(100);
  });

  it('never puts first a target that fails faster than the others answer', () => {
    const stats = new DeploymentStats();
    const random = seededRandom(13);
    const three = route('latency', [a, b, c]);
    stats.ended(deploymentKey('b', 'm'), 300, 'success');
    stats.ended(deploymentKey('c', 'm'), 400, 'success');
    // a resets in 2 ms every time it is tried: the balancer must not take that for speed.
    const tried: string[] = [];
    for (let round = 0; round < 200; round++) {
      const first = orderTargets(three, stats, undefined, random)[0]!.settings.name;
      tried.push(first);
      stats.ended(
        deploymentKey(first, 'm'),
        first === 'a' ? 2 : first === 'b' ? 300 : 400,
        first === 'a' ? 'failure' : 'success',
      );
    }
    expect(tried.filter((name) => name === 'a').length).toBeLessThanOrEqual(1);
    expect(orderTargets(three, stats, undefined, random).at(-1)).toBe(a);
  });

  it('ranks a flaky target by its answers over its success rate', () => {
    const stats = new DeploymentStats();
    const key = deploymentKey('a', 'm');
    for (let round = 0; round < 50; round++) {
      if (round % 2 === 0) stats.ended(key, 100, 'success');
      else stats.ended(key, 2, 'failure');
    }
    // Half its attempts fail: it counts about twice its answer time, and its failures' 2 ms never.
    expect(stats.of(key).latencyMs).toBe(100);
    expect(stats.expectedLatencyMs(stats.of(key))).toBeGreaterThan(150);
    expect(stats.expectedLatencyMs(stats.of(key))).toBeLessThan(260);
  });

  it('keeps a sticky caller on one target, spreads callers, and moves only the callers of a removed target', () => {
    const stats = new DeploymentStats();
    const all = route('least-in-flight', [a, b, c]);
    const callers = Array.from({ length: 3000 }, (_, index) => `user-${index}`);
    const chosen = new Map(
      callers.map((caller) => [caller, orderTargets(all, stats, caller)[0]!.settings.name]),
    );
    for (const caller of callers.slice(0, 50)) {
      stats.started(deploymentKey(chosen.get(caller)!, 'm')); // load does not move a sticky caller
      expect(orderTargets(all, stats, caller)[0]!.settings.name).toBe(chosen.get(caller));
    }
    const counts = [...chosen.values()].reduce<Record<string, number>>((tally, name) => {
      tally[name] = (tally[name] ?? 0) + 1;
      return tally;
    }, {});
    for (const name of ['a', 'b', 'c']) expect(counts[name]! / 3000).toBeCloseTo(1 / 3, 1);
    const withoutC = route('least-in-flight', [a, b]);
    for (const caller of callers) {
      const now = orderTargets(withoutC, stats, caller)[0]!.settings.name;
      if (chosen.get(caller) !== 'c') expect(now).toBe(chosen.get(caller));
    }
  });
});
