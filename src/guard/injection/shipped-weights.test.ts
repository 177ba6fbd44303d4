import { describe, expect, it } from 'vitest';
import { loadWeights, shippedWeightsFile } from './shipped-weights.js';
import { rulePackVersion } from './rule-pack.js';

describe('the shipped weights', () => {
  it('were tuned with the rule pack in the code', () => {
    expect(shippedWeightsFile.rulePackVersion).toBe(rulePackVersion);
  });

  it('are small and hold thresholds in (0.5, 1]', () => {
    expect(shippedWeightsFile.weights.length).toBeLessThan(400_000);
    for (const threshold of Object.values(shippedWeightsFile.thresholds)) {
      expect(threshold).toBeGreaterThanOrEqual(0.5);
      expect(threshold).toBeLessThanOrEqual(1);
    }
    expect(shippedWeightsFile.thresholds.document).toBeGreaterThanOrEqual(
      shippedWeightsFile.thresholds.prompt,
    );
  });

  it('load into a classifier of the stated size', () => {
    expect(loadWeights(shippedWeightsFile).classifier.bits).toBe(shippedWeightsFile.bits);
  });

  it('refuse to load with another rule-pack version', () => {
    expect(() => loadWeights(shippedWeightsFile, 'injection-rules/other')).toThrow(/retrain/);
  });
});
