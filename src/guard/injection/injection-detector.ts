// The prompt-injection detector: normalise and decode (detection-text.ts), match the rule pack,
// score with the classifier, and combine the evidence. Two modes: `prompt` for what users and
// system prompts say, `document` for untrusted content (tool results, retrieved documents),
// which uses the document weights of the rules and its own, higher, threshold.
// A verdict trips when the rule evidence alone reaches `ruleTripScore` (strong rules block on
// their own, whatever the classifier says), or when rules and classifier together reach the
// mode's threshold (chosen on dev data by scripts/train-injection-classifier.ts), or when the
// gibberish score (gibberish-model.ts: an optimised adversarial suffix) reaches its own threshold.
// Synchronous and single-threaded; cost grows linearly with the text (see bench/injection-eval.ts).

import type { InjectionClassifier } from './classifier.js';
import { detectionText } from './detection-text.js';
import type { GibberishModel } from './gibberish-model.js';
import { matchRules } from './rule-pack.js';

export type DetectionMode = 'prompt' | 'document';

export interface InjectionThresholds {
  prompt: number;
  document: number;
}

/** Rule evidence at or above this trips a verdict by itself: one rule of weight ≥ 0.8. */
export const ruleTripScore = 0.8;

/** The parts of the detector that can trip a verdict. */
export type DetectorPart = 'rules' | 'classifier' | 'gibberish';

export interface InjectionVerdict {
  /** Combined evidence 0–1 of rules and classifier: 1 − (1 − classifierScore) × (1 − ruleScore). */
  score: number;
  /** Whether ruleScore reached ruleTripScore, score the mode's threshold, or gibberishScore 0.5. */
  tripped: boolean;
  /** Which parts tripped it, in this order: rules alone, rules with classifier, gibberish ([] if none). */
  trippedBy: DetectorPart[];
  mode: DetectionMode;
  threshold: number;
  /** Ids of the rules that matched, in pack order. */
  rules: string[];
  /** Rule evidence 0–1: 1 − Π(1 − weight) over the matched rules. */
  ruleScore: number;
  classifierScore: number;
  /** Worst window of token soup, 0–1, 0.5 at the model's threshold (0 without a gibberish model). */
  gibberishScore: number;
  /** Encoded or invisible text found and decoded (0: none). */
  hiddenViews: number;
  /** Time spent, in milliseconds. */
  ms: number;
}

export interface InjectionDetectorOptions {
  classifier: InjectionClassifier;
  thresholds: InjectionThresholds;
  /** Trips on optimised adversarial suffixes; without it gibberishScore is 0. */
  gibberish?: GibberishModel;
}

export type DetectInjection = (text: string, mode?: DetectionMode) => InjectionVerdict;

export function injectionDetector(options: InjectionDetectorOptions): DetectInjection {
  const { classifier, thresholds, gibberish } = options;
  for (const [mode, threshold] of Object.entries(thresholds)) {
    if (!(threshold > 0 && threshold <= 1))
      throw new RangeError(`${mode} threshold must be in (0, 1], not ${threshold}`);
  }
  return function detectInjection(text: string, mode: DetectionMode = 'prompt'): InjectionVerdict {
    if (typeof text !== 'string') throw new TypeError('detectInjection needs a string');
    const started = performance.now();
    const prepared = detectionText(text);
    const matches = matchRules(prepared.text, mode);
    const classifierScore = classifier.score(prepared.text);
    let ruleClean = 1;
    for (const match of matches) ruleClean *= 1 - match.weight;
    const ruleScore = 1 - ruleClean;
    const score = 1 - (1 - classifierScore) * ruleClean;
    const threshold = mode === 'prompt' ? thresholds.prompt : thresholds.document;
    const gibberishScore = gibberish?.score(prepared.text) ?? 0;
    const trippedBy: DetectorPart[] = [];
    if (ruleScore >= ruleTripScore) trippedBy.push('rules');
    else if (score >= threshold) trippedBy.push('classifier');
    if (gibberishScore >= 0.5) trippedBy.push('gibberish');
    return {
      score,
      tripped: trippedBy.length > 0,
      trippedBy,
      mode,
      threshold,
      rules: matches.map((match) => match.id),
      ruleScore,
      classifierScore,
      gibberishScore,
      hiddenViews: prepared.hiddenViews,
      ms: performance.now() - started,
    };
  };
}
