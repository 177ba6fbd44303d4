// The classifier weights and thresholds shipped in weights/injection-classifier.json, read once
// and checked: a file from another format, or one tuned with another rule-pack version than the
// code's, fails loudly at load rather than scoring with thresholds that no longer fit.

import { InjectionClassifier, type ClassifierWeightsFile } from './classifier.js';
import type { InjectionThresholds } from './injection-detector.js';
import { rulePackVersion } from './rule-pack.js';
import type { GibberishModelFile } from './gibberish-model.js';
import gibberishFile from './weights/gibberish-model.json' with { type: 'json' };
import file from './weights/injection-classifier.json' with { type: 'json' };

export interface ShippedWeightsFile extends ClassifierWeightsFile {
  thresholds: InjectionThresholds;
  rulePackVersion: string;
}

export interface ShippedWeights {
  classifier: InjectionClassifier;
  thresholds: InjectionThresholds;
}

export function loadWeights(
  weightsFile: ShippedWeightsFile,
  expectedRulePack = rulePackVersion,
): ShippedWeights {
  if (weightsFile.rulePackVersion !== expectedRulePack) {
    throw new Error(
      `injection weights were tuned with rule pack ${weightsFile.rulePackVersion}, the code has ${expectedRulePack}: retrain (scripts/train-injection-classifier.ts)`,
    );
  }
  return { classifier: InjectionClassifier.fromFile(weightsFile), thresholds: { ...weightsFile.thresholds } };
}

export const shippedWeightsFile = file as ShippedWeightsFile;
/** The gibberish model (gibberish-model.ts), trained by scripts/train-gibberish-model.ts. */
export const shippedGibberishFile = gibberishFile as GibberishModelFile;
