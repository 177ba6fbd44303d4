// Folds the per-run results into the figures the report shows: medians per target, and for
// comparisons the median of per-run paired differences (run r of the gateway against run r of the
// bare proxy), which cancels slow drift of a shared, noisy machine better than medians subtracted.

import { median } from './stats.js';
import type { SuiteMetric, SuiteResult } from './suite.js';
import type { TargetName } from './target.js';

/** One round: each target measured once, in the order direct, bare, gateway. */
export type Round = Partial<Record<TargetName, SuiteResult>>;

export function medianMetric(rounds: readonly Round[], target: TargetName, metric: SuiteMetric): number {
  return median(rounds.flatMap((round) => (round[target] ? [round[target][metric]] : [])));
}

function paired(
  rounds: readonly Round[],
  target: TargetName,
  reference: TargetName,
  metric: SuiteMetric,
  combine: (value: number, referenceValue: number) => number,
): number {
  return median(
    rounds.flatMap((round) => {
      const value = round[target]?.[metric];
      const referenceValue = round[reference]?.[metric];
      return value === undefined || referenceValue === undefined ? [] : [combine(value, referenceValue)];
    }),
  );
}

/** Median over runs of (target - reference); NaN when no run measured both. */
export function medianDifference(
  rounds: readonly Round[],
  target: TargetName,
  reference: TargetName,
  metric: SuiteMetric,
): number {
  return paired(rounds, target, reference, metric, (value, referenceValue) => value - referenceValue);
}

/** Median over runs of target / reference; NaN when no run measured both. */
export function medianRatio(
  rounds: readonly Round[],
  target: TargetName,
  reference: TargetName,
  metric: SuiteMetric,
): number {
  return paired(rounds, target, reference, metric, (value, referenceValue) => value / referenceValue);
}

/** Failed requests over all runs, or undefined when the target was never measured. */
export function totalErrors(rounds: readonly Round[], target: TargetName): number | undefined {
  const measured = rounds.filter((round) => round[target] !== undefined);
  if (measured.length === 0) return undefined;
  return measured.reduce((sum, round) => sum + (round[target]?.errors ?? 0), 0);
}

export function measuredTargets(rounds: readonly Round[]): TargetName[] {
  const names = new Set(rounds.flatMap((round) => Object.keys(round) as TargetName[]));
  return (['direct', 'bare', 'gateway'] as const).filter((name) => names.has(name));
}
