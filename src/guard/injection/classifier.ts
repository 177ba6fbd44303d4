// Inference for the injection classifier: logistic regression over hashed n-grams
// (feature-hashing.ts), weights trained offline by scripts/train-injection-classifier.ts and
// shipped as int8 with one scale. A text longer than one window is scored window by window and
// the highest score wins, so an injection buried in a long text is not diluted by the rest.

import { Buffer } from 'node:buffer';
import { hashFeatures } from './feature-hashing.js';
import { headAndTail } from './head-and-tail.js';

/** The weights file as stored in weights/injection-classifier.json. */
export interface ClassifierWeightsFile {
  format: 'switchyard-injection-classifier/1';
  bits: number;
  /** Weight of bucket i = int8 value i × scale. */
  scale: number;
  bias: number;
  /** 2^bits int8 values, base64. */
  weights: string;
  /** Characters per scored window (the longest texts trained on). */
  windowLength: number;
}

export class InjectionClassifier {
  readonly bits: number;
  readonly windowLength: number;
  readonly #weights: Float32Array;
  readonly #bias: number;

  constructor(weights: Float32Array, bias: number, windowLength: number) {
    const bits = Math.log2(weights.length);
    if (!Number.isInteger(bits) || bits < 8 || bits > 24) {
      throw new RangeError(`classifier weights must be 2^8 to 2^24 long, not ${weights.length}`);
    }
    if (!(windowLength >= 64)) throw new RangeError(`windowLength must be at least 64, not ${windowLength}`);
    this.bits = bits;
    this.windowLength = windowLength;
    this.#weights = weights;
    this.#bias = bias;
  }

  static fromFile(file: ClassifierWeightsFile): InjectionClassifier {
    if (file.format !== 'switchyard-injection-classifier/1') {
      throw new TypeError(`unknown classifier weights format ${String(file.format)}`);
    }
    const bytes = Buffer.from(file.weights, 'base64');
    if (bytes.length !== 2 ** file.bits) {
      throw new RangeError(`weights hold ${bytes.length} values, expected 2^${file.bits}`);
    }
    const weights = new Float32Array(bytes.length);
    for (let index = 0; index < bytes.length; index++) weights[index] = bytes.readInt8(index) * file.scale;
    return new InjectionClassifier(weights, file.bias, file.windowLength);
  }

  /**
   * Probability (0–1) that the text is an injection: the highest over its windows. Past
   * `longTextLength` characters only the head (three quarters of that length) and the tail (a
   * quarter; where the decoded hidden views are) are scored, so the cost is bounded; the rules
   * still read the whole text.
   */
  score(text: string, longTextLength = 131_072): number {
    if (text.length > longTextLength) {
      return Math.max(...headAndTail(text, longTextLength).map((part) => this.score(part)));
    }
    if (text.length <= this.windowLength) return sigmoid(this.logit(text));
    let highest = Number.NEGATIVE_INFINITY;
    // Windows overlap by a quarter so an attack across a window edge is seen whole in one.
    const stride = Math.floor((this.windowLength * 3) / 4);
    for (let start = 0; start < text.length; start += stride) {
      highest = Math.max(highest, this.logit(text.slice(start, start + this.windowLength)));
      if (start + this.windowLength >= text.length) break;
    }
    return sigmoid(highest);
  }

  /** The raw log-odds of one window. */
  logit(text: string): number {
    const { codes, count } = hashFeatures(text, this.bits);
    if (count === 0) return this.#bias;
    const weights = this.#weights;
    let sum = 0;
    for (let index = 0; index < count; index++) {
      const code = codes[index]!;
      const weight = weights[code >>> 1]!;
      sum += code & 1 ? weight : -weight;
    }
    return this.#bias + sum / Math.sqrt(count);
  }
}

export function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}
