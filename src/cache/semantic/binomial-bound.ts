// Exact (Clopper–Pearson) one-sided bounds on a rate from a count of failures, for the threshold
// calibrator (threshold-calibrator.ts): "with this confidence, the wrong-hit rate is at most ...".
// Conservative on purpose: Wilson's interval is shorter but undercovers near zero, where a cache's
// error budget lives. Pure arithmetic in log space, so a million trials neither underflow nor cost much.

/** P(X ≤ failures) for X ~ Binomial(trials, rate). O(failures) steps. */
export function binomialAtMost(failures: number, trials: number, rate: number): number {
  if (failures >= trials || rate <= 0) return 1;
  if (rate >= 1) return 0;
  const logRatio = Math.log(rate) - Math.log1p(-rate);
  let logTerm = trials * Math.log1p(-rate);
  let logSum = logTerm;
  for (let count = 0; count < failures; count++) {
    logTerm += Math.log((trials - count) / (count + 1)) + logRatio;
    const larger = Math.max(logSum, logTerm);
    logSum = larger + Math.log(Math.exp(logSum - larger) + Math.exp(logTerm - larger));
  }
  return Math.min(1, Math.exp(logSum));
}

/**
 * Whether `failures` in `trials` show, with `confidence`, that the true rate is at most `budget`:
 * the Clopper–Pearson upper bound is within the budget exactly when seeing so few failures would be
 * unlikely (probability ≤ 1 − confidence) if the rate were `budget`.
 */
export function withinBudget(failures: number, trials: number, budget: number, confidence: number): boolean {
  if (trials <= 0) return false;
  // More failures than the budget's share is never a pass (confidence ≥ 0.5 is enforced by callers).
  if (failures > trials * budget) return false;
  return binomialAtMost(failures, trials, budget) <= 1 - confidence;
}

/** The Clopper–Pearson upper bound on a rate at `confidence` (one-sided), for reports. */
export function clopperPearsonUpper(failures: number, trials: number, confidence: number): number {
  if (trials <= 0 || failures >= trials) return 1;
  let low = failures / trials;
  let high = 1;
  for (let step = 0; step < 60; step++) {
    const middle = (low + high) / 2;
    if (binomialAtMost(failures, trials, middle) > 1 - confidence) low = middle;
    else high = middle;
  }
  return high;
}

/** The fewest trials with no failure that can show a rate at most `budget` with `confidence`. */
export function fewestTrials(budget: number, confidence: number): number {
  return Math.ceil(Math.log(1 - confidence) / Math.log1p(-budget));
}
