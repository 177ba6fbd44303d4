import { describe, expect, it } from 'vitest';
import { seededRandom } from './test-vectors.js';
import { ThresholdCalibrator } from './threshold-calibrator.js';

/** Records `count` verdicts with scores spread evenly over [low, high]. */
function recordSpread(
  calibrator: ThresholdCalibrator,
  count: number,
  low: number,
  high: number,
  correct: boolean,
): void {
  for (let index = 0; index < count; index++) {
    calibrator.record(low + ((high - low) * (index + 0.5)) / count, correct);
  }
}

describe('ThresholdCalibrator', () => {
  it('serves nothing with no verdicts', () => {
    const calibrator = new ThresholdCalibrator();
    expect(calibrator.threshold).toBe(Number.POSITIVE_INFINITY);
    expect(calibrator.serves(1)).toBe(false);
    expect(calibrator.calibration()).toEqual({
      threshold: Number.POSITIVE_INFINITY,
      samples: 0,
      served: 0,
      wrong: 0,
      wrongRateBound: 1,
    });
  });

  it('serves nothing before it has enough verdicts, even if all were right', () => {
    const calibrator = new ThresholdCalibrator({ errorBudget: 0.01 });
    recordSpread(calibrator, 298, 0.9, 1, true);
    expect(calibrator.threshold).toBe(Number.POSITIVE_INFINITY);
    calibrator.record(0.95, true);
    expect(calibrator.threshold).toBeCloseTo(0.9, 3);
  });

  it('waits for minimumSamples when asked for more', () => {
    const calibrator = new ThresholdCalibrator({ minimumSamples: 1000 });
    recordSpread(calibrator, 999, 0.5, 1, true);
    expect(calibrator.serves(0.99)).toBe(false);
    calibrator.record(0.99, true);
    expect(calibrator.serves(0.99)).toBe(true);
  });

  it('serves down to the lowest verdict when every verdict was right', () => {
    const calibrator = new ThresholdCalibrator();
    recordSpread(calibrator, 1000, 0.5, 1, true);
    expect(calibrator.threshold).toBeCloseTo(0.5, 3);
    expect(calibrator.serves(0.5005)).toBe(true);
    expect(calibrator.serves(0.49)).toBe(false);
  });

  it('serves nothing when every verdict was wrong', () => {
    const calibrator = new ThresholdCalibrator();
    recordSpread(calibrator, 5000, 0.5, 1, false);
    expect(calibrator.threshold).toBe(Number.POSITIVE_INFINITY);
    expect(calibrator.serves(1)).toBe(false);
  });

  it('stops above the scores where wrong answers start, allowing only what the budget holds', () => {
    const calibrator = new ThresholdCalibrator({ errorBudget: 0.01 });
    recordSpread(calibrator, 2000, 0.8, 1, true);
    recordSpread(calibrator, 2000, 0, 0.7, false);
    const calibration = calibrator.calibration();
    expect(calibration.threshold).toBeLessThan(0.8);
    expect(calibration.threshold).toBeGreaterThan(0.69);
    expect(calibration.wrong).toBeGreaterThan(0);
    expect(calibration.wrong / calibration.served).toBeLessThanOrEqual(0.01);
    expect(calibration.wrongRateBound).toBeLessThanOrEqual(0.01);
    expect(calibrator.serves(0.6)).toBe(false);
  });

  it('stops at the first threshold that fails, even if lower ones would pass overall', () => {
    const calibrator = new ThresholdCalibrator({ errorBudget: 0.01 });
    // Three wrong answers among the highest scores: the first test (299 hits) fails.
    recordSpread(calibrator, 3, 0.999, 1, false);
    recordSpread(calibrator, 296, 0.99, 0.999, true);
    recordSpread(calibrator, 5000, 0.5, 0.99, true);
    expect(calibrator.threshold).toBe(Number.POSITIVE_INFINITY);
  });

  it('moves as verdicts arrive: up when wrong answers appear at high scores', () => {
    const calibrator = new ThresholdCalibrator({ errorBudget: 0.02 });
    recordSpread(calibrator, 1000, 0.7, 1, true);
    const before = calibrator.threshold;
    expect(before).toBeCloseTo(0.7, 3);
    recordSpread(calibrator, 40, 0.7, 0.8, false);
    const after = calibrator.threshold;
    expect(after).toBeGreaterThan(before);
    expect(after).toBeLessThan(0.85);
  });

  it('keeps its promise: over many simulated routes, the budget is broken at most 1 − confidence of the time', () => {
    // Truth: a hit with score s is wrong with probability (1 - s) ** 3 — plenty wrong low down,
    // rare at the top. The true wrong-hit rate above a threshold t is computed exactly.
    const wrongChance = (score: number): number => (1 - score) ** 3;
    const trueWrongRate = (threshold: number): number => {
      const steps = 2000;
      let wrong = 0;
      for (let step = 0; step < steps; step++)
        wrong += wrongChance(threshold + ((1 - threshold) * (step + 0.5)) / steps);
      return wrong / steps;
    };
    const random = seededRandom(42);
    let broken = 0;
    let served = 0;
    const routes = 200;
    for (let route = 0; route < routes; route++) {
      const calibrator = new ThresholdCalibrator({ errorBudget: 0.01, confidence: 0.9 });
      for (let sample = 0; sample < 3000; sample++) {
        const score = random();
        calibrator.record(score, random() >= wrongChance(score));
      }
      const threshold = calibrator.threshold;
      if (threshold === Number.POSITIVE_INFINITY) continue;
      served++;
      if (trueWrongRate(threshold) > 0.01) broken++;
    }
    expect(served).toBeGreaterThan(routes / 2);
    // 10% allowed (confidence 0.9); fixed-sequence testing is conservative, so expect far fewer.
    expect(broken / routes).toBeLessThanOrEqual(0.1);
  });

  it('rejects NaN, infinite and out-of-range scores and non-boolean verdicts, and records nothing', () => {
    const calibrator = new ThresholdCalibrator();
    expect(() => calibrator.record(Number.NaN, true)).toThrow(RangeError);
    expect(() => calibrator.record(Number.POSITIVE_INFINITY, true)).toThrow(RangeError);
    expect(() => calibrator.record(1.5, true)).toThrow(RangeError);
    expect(() => calibrator.record(-1.01, false)).toThrow(RangeError);
    expect(() => calibrator.record('0.9' as unknown as number, true)).toThrow(RangeError);
    expect(() => calibrator.record(0.9, 'yes' as unknown as boolean)).toThrow(TypeError);
    expect(() => calibrator.serves(Number.NaN)).toThrow(RangeError);
    expect(calibrator.samples).toBe(0);
  });

  it('accepts the ends of the range and float32 rounding past 1', () => {
    const calibrator = new ThresholdCalibrator({ minimumSamples: 0 });
    calibrator.record(-1, false);
    calibrator.record(1.0000001, true);
    calibrator.record(1, true);
    expect(calibrator.samples).toBe(3);
  });

  it('rejects bad options', () => {
    expect(() => new ThresholdCalibrator({ errorBudget: 0 })).toThrow(/errorBudget/);
    expect(() => new ThresholdCalibrator({ errorBudget: 1 })).toThrow(/errorBudget/);
    expect(() => new ThresholdCalibrator({ confidence: 0.4 })).toThrow(/confidence/);
    expect(() => new ThresholdCalibrator({ confidence: 1 })).toThrow(/confidence/);
    expect(() => new ThresholdCalibrator({ binsPerUnit: 0.5 })).toThrow(/binsPerUnit/);
    expect(() => new ThresholdCalibrator({ minimumSamples: Number.NaN })).toThrow(/minimumSamples/);
  });

  it('round-trips through a snapshot, and rejects a corrupt one', () => {
    const calibrator = new ThresholdCalibrator();
    recordSpread(calibrator, 2000, 0.8, 1, true);
    recordSpread(calibrator, 500, 0.3, 0.85, false);
    const snapshot = JSON.parse(JSON.stringify(calibrator));
    const restored = ThresholdCalibrator.fromSnapshot(snapshot);
    expect(restored.calibration()).toEqual(calibrator.calibration());
    expect(restored.threshold).not.toBe(Number.POSITIVE_INFINITY);
    expect(() => ThresholdCalibrator.fromSnapshot({ binsPerUnit: 1000, bins: [[5000, 1, 0]] })).toThrow(
      /bad calibration bin/,
    );
    expect(() => ThresholdCalibrator.fromSnapshot({ binsPerUnit: 1000, bins: [[5, -1, 0]] })).toThrow(
      /bad calibration bin/,
    );
  });
});
