// The ready-made injection detector: the shipped weights and thresholds behind
// `detectInjection(text, mode)`. Weights and the gibberish model load on first call (two JSON
// files of about 170 KB each, a few ms), not at import. For other weights or thresholds, build one with injectionDetector().

import {
  injectionDetector,
  type DetectInjection,
  type DetectionMode,
  type InjectionVerdict,
} from './injection-detector.js';
import { GibberishModel } from './gibberish-model.js';
import { loadWeights, shippedGibberishFile, shippedWeightsFile } from './shipped-weights.js';

let shipped: DetectInjection | undefined;

export function detectInjection(text: string, mode: DetectionMode = 'prompt'): InjectionVerdict {
  shipped ??= injectionDetector({
    ...loadWeights(shippedWeightsFile),
    gibberish: GibberishModel.fromFile(shippedGibberishFile),
  });
  return shipped(text, mode);
}
