import { describe, expect, it } from 'vitest';
import { binomialAtMost, clopperPearsonUpper, fewestTrials, withinBudget } from './binomial-bound.js';

// Reference values from scipy: binom.cdf(k, n, 0.01) and beta.ppf(0.95, k + 1, n - k).
const reference = [
  { failures: 1, trials: 100, atMost: 0.7357619789229564, upper: 0.046559811453538935 },
  { failures: 5, trials: 1000, atMost: 0.0661395116072514, upper: 0.010484076911415651 },
  { failures: 0, trials: 299, atMost: 0.049536256637662465, upper: 0.009969146792899269 },
  { failures: 3, trials: 50, atMost: 0.9984038269092671, upper: 0.14783717636418123 },
  { failures: 10, trials: 2000, atMost: 0.01052251074082185, upper: 0.00846634820551852 },
];

describe('binomialAtMost', () => {
  it.each(reference)('matches scipy for $failures of $trials', ({ failures, trials, atMost }) => {
    expect(binomialAtMost(failures, trials, 0.01)).toBeCloseTo(atMost, 10);
  });

  it('stays finite for a million trials (no underflow to 0)', () => {
    const value = binomialAtMost(9_800, 1_000_000, 0.01);
    expect(value).toBeGreaterThan(0.01);
    expect(value).toBeLessThan(0.5);
  });

  it('handles the edges', () => {
    expect(binomialAtMost(5, 5, 0.3)).toBe(1);
    expect(binomialAtMost(0, 10, 0)).toBe(1);
    expect(binomialAtMost(0, 10, 1)).toBe(0);
  });
});

describe('clopperPearsonUpper', () => {
  it.each(reference)('matches scipy for $failures of $trials', ({ failures, trials, upper }) => {
    expect(clopperPearsonUpper(failures, trials, 0.95)).toBeCloseTo(upper, 8);
  });

  it('is 1 with no trials or all failures', () => {
    expect(clopperPearsonUpper(0, 0, 0.95)).toBe(1);
    expect(clopperPearsonUpper(7, 7, 0.95)).toBe(1);
  });
});

describe('withinBudget', () => {
  it('agrees with the upper bound', () => {
    for (const { failures, trials, upper } of reference) {
      expect(withinBudget(failures, trials, 0.01, 0.95)).toBe(upper <= 0.01);
    }
  });

  it('never passes with no trials, or with more failures than the budget share', () => {
    expect(withinBudget(0, 0, 0.01, 0.95)).toBe(false);
    expect(withinBudget(11, 1000, 0.01, 0.95)).toBe(false);
  });
});

describe('fewestTrials', () => {
  it('is the smallest count where zero failures passes', () => {
    const fewest = fewestTrials(0.01, 0.95);
    expect(fewest).toBe(299);
    expect(withinBudget(0, fewest, 0.01, 0.95)).toBe(true);
    expect(withinBudget(0, fewest - 1, 0.01, 0.95)).toBe(false);
  });
});
