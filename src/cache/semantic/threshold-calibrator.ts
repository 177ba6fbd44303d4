// Picks a route's similarity threshold from verified outcomes (score of a cached answer, was it
// right?), so that wrong hits stay within an error budget with stated confidence. A fixed global
// threshold is known to serve 5–9% wrong hits; this one serves nothing until the evidence shows
// the budget holds. Pure and online: counts per fine score bin, so memory is fixed however many
// verdicts arrive (2,000 bins at the default resolution, 32 KB).
//
// The rule (fixed-sequence testing, as in "Learn then Test", Angelopoulos et al. 2021): walk the
// candidate thresholds from the highest down; at each one test "wrong-hit rate of the hits it
// would serve ≤ budget" with an exact Clopper–Pearson bound; stop at the first that fails. The
// walk's order is fixed in advance, so stopping at the first failure keeps the chance of choosing
// a threshold that breaks the budget at most 1 − confidence, without dividing it among the tests.

import { clopperPearsonUpper, fewestTrials, withinBudget } from './binomial-bound.js';

export interface ThresholdCalibratorOptions {
  /** The largest share of wrong answers among served hits (default 0.01). */
  errorBudget?: number;
  /** Confidence that the chosen threshold keeps the budget (default 0.95; at least 0.5). */
  confidence?: number;
  /** Verdicts needed before any threshold is chosen (default: the fewest that could pass, 299 at 1%). */
  minimumSamples?: number;
  /** Bins per unit of score; scores run from -1 to 1 (default 1000: thresholds to 0.001). */
  binsPerUnit?: number;
}

/** What the calibrator knows now: its threshold and the evidence behind it. */
export interface Calibration {
  /** Serve a hit when its score is at least this; +Infinity: never serve. */
  threshold: number;
  /** Verdicts recorded. */
  samples: number;
  /** Verdicts at or above the threshold, and how many of them were wrong. */
  served: number;
  wrong: number;
  /** Upper confidence bound on the wrong-hit rate at the threshold (1 when nothing is served). */
  wrongRateBound: number;
}

/** The calibrator's counts, for storage: nonempty bins as [bin, right, wrong]. */
export interface CalibrationSnapshot {
  binsPerUnit: number;
  bins: Array<[number, number, number]>;
}

/** Rounding slack for cosines computed in float32 (1.0000001 is a cosine of 1). */
const scoreSlack = 1e-3;

export class ThresholdCalibrator {
  readonly errorBudget: number;
  readonly confidence: number;
  readonly minimumSamples: number;
  readonly binsPerUnit: number;
  readonly #right: Float64Array;
  readonly #wrong: Float64Array;
  #samples = 0;
  /** The lowest served bin, cached until the next verdict; Infinity: serve nothing. */
  #thresholdBin: number | undefined;

  constructor(options: ThresholdCalibratorOptions = {}) {
    this.errorBudget = options.errorBudget ?? 0.01;
    this.confidence = options.confidence ?? 0.95;
    this.binsPerUnit = options.binsPerUnit ?? 1000;
    if (!(this.errorBudget > 0 && this.errorBudget < 1)) {
      throw new RangeError(`errorBudget must be between 0 and 1, not ${this.errorBudget}`);
    }
    if (!(this.confidence >= 0.5 && this.confidence < 1)) {
      throw new RangeError(`confidence must be at least 0.5 and below 1, not ${this.confidence}`);
    }
    if (!Number.isInteger(this.binsPerUnit) || this.binsPerUnit < 1 || this.binsPerUnit > 100_000) {
      throw new RangeError(`binsPerUnit must be an integer from 1 to 100000, not ${this.binsPerUnit}`);
    }
    this.minimumSamples = options.minimumSamples ?? fewestTrials(this.errorBudget, this.confidence);
    if (!(this.minimumSamples >= 0) || !Number.isFinite(this.minimumSamples)) {
      throw new RangeError(`minimumSamples must be a finite number ≥ 0, not ${this.minimumSamples}`);
    }
    this.#right = new Float64Array(2 * this.binsPerUnit + 1);
    this.#wrong = new Float64Array(2 * this.binsPerUnit + 1);
  }

  /** Rebuilds a calibrator from stored counts (with the options it should use from now on). */
  static fromSnapshot(
    snapshot: CalibrationSnapshot,
    options: Omit<ThresholdCalibratorOptions, 'binsPerUnit'> = {},
  ): ThresholdCalibrator {
    const calibrator = new ThresholdCalibrator({ ...options, binsPerUnit: snapshot.binsPerUnit });
    for (const [bin, right, wrong] of snapshot.bins) {
      const valid =
        Number.isInteger(bin) &&
        bin >= 0 &&
        bin < calibrator.#right.length &&
        isCount(right) &&
        isCount(wrong);
      if (!valid) throw new RangeError(`bad calibration bin ${JSON.stringify([bin, right, wrong])}`);
      calibrator.#right[bin] = (calibrator.#right[bin] ?? 0) + right;
      calibrator.#wrong[bin] = (calibrator.#wrong[bin] ?? 0) + wrong;
      calibrator.#samples += right + wrong;
    }
    return calibrator;
  }

  get samples(): number {
    return this.#samples;
  }

  /** Records one verified outcome: a hit's similarity score and whether its answer was right. */
  record(score: number, correct: boolean): void {
    const bin = this.#binOf(score);
    if (typeof correct !== 'boolean') throw new TypeError(`a verdict must be true or false, not ${correct}`);
    if (correct) this.#right[bin] = (this.#right[bin] ?? 0) + 1;
    else this.#wrong[bin] = (this.#wrong[bin] ?? 0) + 1;
    this.#samples += 1;
    this.#thresholdBin = undefined;
  }

  /** Whether a hit with this score may be served now. */
  serves(score: number): boolean {
    return this.#binOf(score) >= this.#chosenBin();
  }

  /** The current threshold (+Infinity: serve nothing). */
  get threshold(): number {
    const bin = this.#chosenBin();
    return bin === Number.POSITIVE_INFINITY ? bin : this.#edge(bin);
  }

  calibration(): Calibration {
    const bin = this.#chosenBin();
    let served = 0;
    let wrong = 0;
    for (let index = Math.min(bin, this.#right.length); index < this.#right.length; index++) {
      served += this.#right[index]! + this.#wrong[index]!;
      wrong += this.#wrong[index]!;
    }
    return {
      threshold: this.threshold,
      samples: this.#samples,
      served,
      wrong,
      wrongRateBound: clopperPearsonUpper(wrong, served, this.confidence),
    };
  }

  toJSON(): CalibrationSnapshot {
    const bins: Array<[number, number, number]> = [];
    for (let bin = 0; bin < this.#right.length; bin++) {
      const right = this.#right[bin]!;
      const wrong = this.#wrong[bin]!;
      if (right + wrong > 0) bins.push([bin, right, wrong]);
    }
    return { binsPerUnit: this.binsPerUnit, bins };
  }

  #chosenBin(): number {
    this.#thresholdBin ??= this.#choose();
    return this.#thresholdBin;
  }

  /** The fixed-sequence walk described at the top of this file. */
  #choose(): number {
    if (this.#samples < this.minimumSamples || this.#samples === 0) return Number.POSITIVE_INFINITY;
    const fewest = fewestTrials(this.errorBudget, this.confidence);
    let chosen = Number.POSITIVE_INFINITY;
    let served = 0;
    let wrong = 0;
    for (let bin = this.#right.length - 1; bin >= 0; bin--) {
      const here = this.#right[bin]! + this.#wrong[bin]!;
      if (here === 0) continue;
      served += here;
      wrong += this.#wrong[bin]!;
      // Too few hits above this bin for any outcome to pass: not yet a test, so not a failure.
      if (served < fewest) continue;
      if (!withinBudget(wrong, served, this.errorBudget, this.confidence)) break;
      chosen = bin;
    }
    return chosen;
  }

  #binOf(score: number): number {
    if (typeof score !== 'number' || !(score >= -1 - scoreSlack && score <= 1 + scoreSlack)) {
      throw new RangeError(`a similarity score must be a number from -1 to 1, not ${score}`);
    }
    const clamped = Math.min(1, Math.max(-1, score));
    return Math.floor((clamped + 1) * this.binsPerUnit);
  }

  #edge(bin: number): number {
    return bin / this.binsPerUnit - 1;
  }
}

function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}
