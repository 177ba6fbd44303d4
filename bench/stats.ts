// Order statistics for benchmark samples: nearest-rank percentiles and medians.
// Pure functions over numbers; they never mutate their input.

/** Nearest-rank percentile: the smallest sample with at least `fraction` of samples at or below it. */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) throw new RangeError('percentile of no samples');
  if (!(fraction > 0 && fraction <= 1))
    throw new RangeError(`percentile fraction must be in (0, 1], got ${fraction}`);
  const sorted = [...samples].sort((left, right) => left - right);
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[rank - 1] as number;
}

/** The median; the mean of the two middle values for an even count. NaN values are ignored. */
export function median(values: readonly number[]): number {
  const finite = values.filter((value) => !Number.isNaN(value));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] as number;
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Converts a nanosecond duration from process.hrtime.bigint() to microseconds. */
export function nanosToMicros(nanoseconds: bigint): number {
  return Number(nanoseconds) / 1000;
}
