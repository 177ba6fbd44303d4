// The logistic regression behind the gibberish score's window features: benign windows
// against synthetic token-soup windows, each class carrying half the loss, full-batch gradient
// descent on standardised features (deterministic, no random start), then the weights mapped back
// to the raw features the model reads. Used by scripts/train-gibberish-model.ts.

import type { WindowFeatures } from '../src/guard/injection/gibberish-model.js';

const names = ['character', 'shape', 'camelJoins', 'brackets', 'lineStarts', 'punctuation'] as const;

export function fitWindowWeights(
  negatives: WindowFeatures[],
  positives: WindowFeatures[],
  iterations = 400,
  rate = 0.5,
  l2 = 1e-3,
): { weights: WindowFeatures; bias: number } {
  const rows = [...negatives, ...positives].map((window) => names.map((name) => window[name]));
  const targets = [...negatives.map(() => 0), ...positives.map(() => 1)];
  const importance = [rows.length / (2 * negatives.length), rows.length / (2 * positives.length)];
  const means = names.map((_, column) => rows.reduce((sum, row) => sum + row[column]!, 0) / rows.length);
  const deviations = names.map(
    (_, column) =>
      Math.sqrt(rows.reduce((sum, row) => sum + (row[column]! - means[column]!) ** 2, 0) / rows.length) || 1,
  );
  const standard = rows.map((row) =>
    row.map((value, column) => (value - means[column]!) / deviations[column]!),
  );
  const weights = names.map(() => 0);
  let bias = 0;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = names.map(() => 0);
    let biasGradient = 0;
    standard.forEach((row, index) => {
      const logit = bias + row.reduce((sum, value, column) => sum + value * weights[column]!, 0);
      const error = (1 / (1 + Math.exp(-logit)) - targets[index]!) * importance[targets[index]!]!;
      biasGradient += error;
      row.forEach((value, column) => (gradient[column]! += error * value));
    });
    bias -= (rate * biasGradient) / rows.length;
    weights.forEach((weight, column) => {
      weights[column] = weight - rate * (gradient[column]! / rows.length + l2 * weight);
    });
  }
  const raw = weights.map((weight, column) => weight / deviations[column]!);
  const rawBias = bias - raw.reduce((sum, weight, column) => sum + weight * means[column]!, 0);
  const round = (value: number): number => Number(value.toFixed(4));
  return {
    weights: {
      character: round(raw[0]!),
      shape: round(raw[1]!),
      camelJoins: round(raw[2]!),
      brackets: round(raw[3]!),
      lineStarts: round(raw[4]!),
      punctuation: round(raw[5]!),
    },
    bias: round(rawBias),
  };
}
