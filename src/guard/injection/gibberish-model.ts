// The gibberish score: a windowed perplexity filter against optimised adversarial suffixes
// (GCG-style token soup such as `tutorial ;) presentingBegin !( "{ Sure`), after Jain et al.
// 2023 and Alon & Kamfonas 2023, with small n-gram models instead of an LLM. Each word gets the
// surprisal of its characters (order-4 character model) and of its shape after the two before
// (order-3 model of word shapes), both learned from benign text only, plus four cues of token
// soup or of its absence (a lower-case letter joined to an upper-case one, unbalanced brackets,
// punctuation-only words, line starts). The worst window of consecutive words, weighed by a small
// logistic regression, is the score. Reads only the text; trained offline by
// scripts/train-gibberish-model.ts.

import { Buffer } from 'node:buffer';
import { sigmoid } from './classifier.js';
import { gibberishTokens, type GibberishToken } from './gibberish-tokens.js';
import { headAndTail } from './head-and-tail.js';
import { hashText, NgramTable } from './ngram-table.js';

/** Namespaces of the two n-gram kinds in the one table. */
export const characterNamespace = 0x63;
export const shapeNamespace = 0x73;
/** The shape before the first word. */
export const startShape = '^';

/** The file as stored in weights/gibberish-model.json. */
export interface GibberishModelFile {
  format: 'switchyard-gibberish-model/1';
  bits: number;
  characterOrder: number;
  shapeOrder: number;
  /** Nats per quantisation level and per order backed off (ngram-table.ts). */
  step: number;
  backoff: number;
  /** Words per scored window; texts with fewer than `minimumTokens` words score 0. */
  windowTokens: number;
  minimumTokens: number;
  weights: WindowFeatures;
  bias: number;
  /** Log-odds of the worst window at which the detector trips on gibberish alone (chosen on dev data). */
  threshold: number;
  /** 2^bits slots, base64. */
  table: string;
}

/** Per-word evidence, averaged over a window. */
export interface WindowFeatures {
  /** Mean surprisal (nats) of a word's characters and the space after it. */
  character: number;
  /** Surprisal (nats) of the word's shape after the shapes of the words before. */
  shape: number;
  /** 1 when a lower-case letter runs into an upper-case one ("similarlyNow"). */
  camelJoins: number;
  /** Opening minus closing brackets; the window uses the absolute value of their sum. */
  brackets: number;
  /** 1 for the first word of a line: code and tables break lines often, an appended suffix does not. */
  lineStarts: number;
  /** 1 for a word of punctuation only ("!", ";)", "}]"). */
  punctuation: number;
}

/** Feature order in the per-word arrays; must match wordFeatures. */
const featureNames = ['character', 'shape', 'camelJoins', 'brackets', 'lineStarts', 'punctuation'] as const;
const featureCount = featureNames.length;
const bracketsFeature = featureNames.indexOf('brackets');
const emptyWindow: WindowFeatures = {
  character: 0,
  shape: 0,
  camelJoins: 0,
  brackets: 0,
  lineStarts: 0,
  punctuation: 0,
};

/** Whether a lower-case run is followed by an upper-case one ("similarlyNow" → "aAa"). */
function camelJoin(shape: string): boolean {
  for (let index = 1; index < shape.length; index++) {
    if (shape.charCodeAt(index) === 0x41 && shape.charCodeAt(index - 1) === 0x61) return true;
  }
  return false;
}

/** Whether a shape has no letter and no digit class. */
function punctuationOnly(shape: string): boolean {
  for (let index = 0; index < shape.length; index++) {
    const code = shape.charCodeAt(index);
    if (code === 0x61 || code === 0x41 || code === 0x30) return false;
  }
  return true;
}

/** +1 for an opening bracket, −1 for a closing one, 0 otherwise. */
function bracketOf(code: number): number {
  if (code === 0x28 || code === 0x5b || code === 0x7b || code === 0x3c) return 1;
  if (code === 0x29 || code === 0x5d || code === 0x7d || code === 0x3e) return -1;
  return 0;
}

export class GibberishModel {
  readonly threshold: number;
  private readonly table: NgramTable;
  private readonly file: Omit<GibberishModelFile, 'table'>;

  constructor(table: NgramTable, file: Omit<GibberishModelFile, 'table'>) {
    this.table = table;
    this.file = file;
    this.threshold = file.threshold;
  }

  static fromFile(file: GibberishModelFile): GibberishModel {
    if (file.format !== 'switchyard-gibberish-model/1') {
      throw new TypeError(`unknown gibberish model format ${String(file.format)}`);
    }
    const slots = new Uint8Array(Buffer.from(file.table, 'base64'));
    if (slots.length !== 2 ** file.bits) {
      throw new RangeError(`gibberish table holds ${slots.length} slots, expected 2^${file.bits}`);
    }
    const { table: _, ...rest } = file;
    return new GibberishModel(new NgramTable(slots, { step: file.step, backoff: file.backoff }), rest);
  }

  /** Score 0–1 of the worst window of words: 0.5 at the threshold, 0 for texts too short to judge. */
  score(text: string): number {
    const highest = this.highestLogit(text);
    return highest === Number.NEGATIVE_INFINITY ? 0 : sigmoid(highest - this.threshold);
  }

  /**
   * Log-odds of the worst window (−Infinity for texts too short to judge). Past `longTextLength`
   * characters only the head (three quarters) and the tail (a quarter: where a suffix and the
   * decoded hidden views are) are read, as the classifier does, so the cost is bounded.
   */
  highestLogit(text: string, longTextLength = 131_072): number {
    if (text.length > longTextLength) {
      return Math.max(...headAndTail(text, longTextLength).map((part) => this.highestLogit(part)));
    }
    const tokens = gibberishTokens(text);
    if (tokens.length < this.file.minimumTokens) return Number.NEGATIVE_INFINITY;
    const words = this.wordFeatures(tokens);
    const { bias, weights } = this.file;
    const weightOf = featureNames.map((name) => weights[name]);
    // All features but the bracket balance enter the log-odds linearly: one sum per word for them.
    const linear = new Float64Array(tokens.length);
    for (let index = 0; index < tokens.length; index++) {
      for (let feature = 0; feature < featureCount; feature++) {
        if (feature !== bracketsFeature)
          linear[index]! += weightOf[feature]! * words[index * featureCount + feature]!;
      }
    }
    const size = Math.min(this.file.windowTokens, tokens.length);
    let highest = Number.NEGATIVE_INFINITY;
    let linearSum = 0;
    let bracketSum = 0;
    for (let index = 0; index < tokens.length; index++) {
      linearSum += linear[index]!;
      bracketSum += words[index * featureCount + bracketsFeature]!;
      if (index >= size) {
        linearSum -= linear[index - size]!;
        bracketSum -= words[(index - size) * featureCount + bracketsFeature]!;
      }
      if (index >= size - 1) {
        highest = Math.max(
          highest,
          bias + (linearSum + weightOf[bracketsFeature]! * Math.abs(bracketSum)) / size,
        );
      }
    }
    return highest;
  }

  logit(window: WindowFeatures): number {
    const { weights, bias } = this.file;
    return featureNames.reduce((sum, name) => sum + weights[name] * window[name], bias);
  }

  /** The mean features of every run of `windowTokens` consecutive words (fewer if the text is short). */
  windows(text: string): WindowFeatures[] {
    const windows: WindowFeatures[] = [];
    this.slide(text, (sums, size) => {
      const window = { ...emptyWindow };
      featureNames.forEach((name, feature) => {
        window[name] = (feature === bracketsFeature ? Math.abs(sums[feature]!) : sums[feature]!) / size;
      });
      windows.push(window);
    });
    return windows;
  }

  /** Calls `visit` with the feature sums of each window, in order (never for a text too short). */
  private slide(text: string, visit: (sums: Float64Array, size: number) => void): void {
    const tokens = gibberishTokens(text);
    if (tokens.length < this.file.minimumTokens) return;
    const words = this.wordFeatures(tokens);
    const size = Math.min(this.file.windowTokens, tokens.length);
    const sums = new Float64Array(featureCount);
    for (let index = 0; index < tokens.length; index++) {
      for (let feature = 0; feature < featureCount; feature++) {
        sums[feature]! += words[index * featureCount + feature]!;
        if (index >= size) sums[feature]! -= words[(index - size) * featureCount + feature]!;
      }
      if (index >= size - 1) visit(sums, size);
    }
  }

  /** The features of each word, before averaging: `featureCount` values per word. */
  private wordFeatures(tokens: GibberishToken[]): Float64Array {
    const { characterOrder, shapeOrder } = this.file;
    const table = this.table;
    // The symbols of all words as character codes, a space before, between and after them.
    let streamLength = 1;
    for (const token of tokens) streamLength += token.symbols.length + 1;
    const stream = new Uint16Array(streamLength);
    let cursor = 0;
    stream[cursor++] = 0x20;
    for (const { symbols } of tokens) {
      for (let at = 0; at < symbols.length; at++) stream[cursor++] = symbols.charCodeAt(at);
      stream[cursor++] = 0x20;
    }
    const shapes = new Int32Array(tokens.length + 1);
    shapes[0] = hashText(startShape, 0, 1, shapeNamespace);
    tokens.forEach(
      ({ shape }, index) => (shapes[index + 1] = hashText(shape, 0, shape.length, shapeNamespace)),
    );
    const words = new Float64Array(tokens.length * featureCount);
    let position = 1;
    for (let index = 0; index < tokens.length; index++) {
      const { symbols, shape, startsLine } = tokens[index]!;
      let characterSum = 0;
      // Each character of the word and the space after it, given the characters before.
      for (let end = position; end <= position + symbols.length; end++) {
        characterSum += table.surprisal(stream, end, Math.min(characterOrder, end + 1), characterNamespace);
      }
      position += symbols.length + 1;
      const shapeEnd = index + 1;
      let brackets = 0;
      for (let at = 0; at < symbols.length; at++) brackets += bracketOf(symbols.charCodeAt(at));
      const offset = index * featureCount;
      words[offset] = characterSum / (symbols.length + 1);
      words[offset + 1] = table.surprisal(
        shapes,
        shapeEnd,
        Math.min(shapeOrder, shapeEnd + 1),
        shapeNamespace,
      );
      words[offset + 2] = camelJoin(shape) ? 1 : 0;
      words[offset + 3] = brackets;
      words[offset + 4] = startsLine ? 1 : 0;
      words[offset + 5] = punctuationOnly(shape) ? 1 : 0;
    }
    return words;
  }
}
