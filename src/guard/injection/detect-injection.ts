// The ready-made injection detector: the shipped weights and thresholds behind
// `detectInjection(text, mode)`. Weights load on first call (a 170 KB JSON, about 2 ms), not at
// import. For other weights or thresholds, build one with injectionDetector().

import {
  injectionDetector,
  type DetectInjection,
  type DetectionMode,
  type InjectionVerdict,
} from './injection-detector.js';
import { loadWeights, shippedWeightsFile } from './shipped-weights.js';

let shipped: DetectInjection | undefined;

export function detectInjection(text: string, mode: DetectionMode = 'prompt'): InjectionVerdict {
  shipped ??= injectionDetector(loadWeights(shippedWeightsFile));
  return shipped(text, mode);
}
