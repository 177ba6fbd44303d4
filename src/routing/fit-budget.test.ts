import { describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../config/resolve-model.js';
import { DeploymentStats, deploymentKey } from './deployment-stats.js';
import { fitBudget } from './fit-budget.js';

function target(name: string): ResolvedTarget {
  return { settings: { name } as ResolvedTarget['settings'], upstreamModel: 'm' } as ResolvedTarget;
}

function measured(stats: DeploymentStats, name: string, ms: number[]): void {
  for (const sample of ms) {
    stats.started(deploymentKey(name, 'm'));
    stats.ended(deploymentKey(name, 'm'), sample, 'success');
  }
}

describe('fitBudget', () => {
  const [slow, fast, faster] = [target('slow'), target('fast'), target('faster')];

  it('goes straight to the fastest target when the first usually needs more than is left', () => {
    const stats = new DeploymentStats();
    measured(stats, 'slow', [100, 110, 120, 130, 900]);
    measured(stats, 'fast', [40, 40, 40, 40, 50]);
    measured(stats, 'faster', [10, 10, 10, 10, 20]);
    expect(fitBudget([slow, fast, faster], 200, stats)[0]).toBe(faster);
    expect(fitBudget([slow, fast, faster], 200, stats)).toHaveLength(3);
  });

  it('keeps the order when the first fits, or when nothing is known to be faster', () => {
    const stats = new DeploymentStats();
    measured(stats, 'slow', [100, 100, 100, 100, 100]);
    expect(fitBudget([slow, fast], 150, stats)).toEqual([slow, fast]);
    expect(fitBudget([slow, fast], 50, stats)).toEqual([slow, fast]); // fast has no p95 yet
    measured(stats, 'fast', [60, 60, 60, 60]);
    expect(fitBudget([slow, fast], 50, stats)).toEqual([slow, fast]); // four samples are not enough
  });

  it('reads p95 from recent successes only: one slow outlier in many does not move it', () => {
    const stats = new DeploymentStats();
    measured(stats, 'slow', [...Array.from({ length: 40 }, () => 20), 5000]);
    expect(stats.p95(deploymentKey('slow', 'm'))).toBe(20);
  });
});
