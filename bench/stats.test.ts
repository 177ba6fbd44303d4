import { describe, expect, it } from 'vitest';
import { median, nanosToMicros, percentile } from './stats.js';

describe('percentile', () => {
  it('uses the nearest rank, whatever the input order', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index); // 100 .. 1
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.99)).toBe(99);
    expect(percentile(samples, 1)).toBe(100);
  });

  it('takes the largest sample as p99 of a short list', () => {
    expect(percentile([3, 1, 2], 0.99)).toBe(3);
    expect(percentile([3, 1, 2], 0.5)).toBe(2);
  });

  it('does not reorder the caller’s array', () => {
    const samples = [5, 1, 4];
    percentile(samples, 0.5);
    expect(samples).toEqual([5, 1, 4]);
  });

  it('refuses no samples and fractions outside (0, 1]', () => {
    expect(() => percentile([], 0.5)).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the two middle ones of an even count', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('skips runs that could not be measured, and is NaN when none could', () => {
    expect(median([Number.NaN, 7, 3])).toBe(5);
    expect(median([Number.NaN])).toBeNaN();
    expect(median([])).toBeNaN();
  });
});

describe('nanosToMicros', () => {
  it('keeps sub-microsecond precision', () => {
    expect(nanosToMicros(1_500n)).toBe(1.5);
  });
});
