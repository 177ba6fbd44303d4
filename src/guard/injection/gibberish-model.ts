// The gibberish score: a windowed perplexity filter against optimised adversarial suffixes
// (GCG-style token soup such as `tutorial ;) presentingBegin !( "{ Sure`), after Jain et al.
// 2023 and Alon & Kamfonas 2023, with small n-gram models instead of an LLM. Each word gets the
// surprisal of its characters (order-4 character model) and of its shape after the two before
// (order-3 model of word shapes), both learned from benign text only, plus two cues of token
// soup (a lower-case letter joined to an upper-case one, unbalanced brackets). The worst window
// of consecutive words, weighed by a small logistic regression, is the score. Reads only the
// text; trained offline by scripts/train-gibberish-model.ts.

import { Buffer } from 'node:buffer';
import { sigmoid } from './classifier.js';
import { gibberishTokens, type GibberishToken } from './gibberish-tokens.js';
import { hashText, hashUnits, NgramTable } from './ngram-table.js';

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
}

const opening = new Set(['(', '[', '{', '<']);
const closing = new Set([')', ']', '}', '>']);

export class GibberishModel {
  readonly threshold: number;
  readonly #table: NgramTable;
  readonly #file: Omit<GibberishModelFile, 'table'>;

  constructor(table: NgramTable, file: Omit<GibberishModelFile, 'table'>) {
    this.#table = table;
    this.#file = file;
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

  /** Log-odds of the worst window (−Infinity for texts too short to judge). */
  highestLogit(text: string): number {
    let highest = Number.NEGATIVE_INFINITY;
    for (const window of this.windows(text)) highest = Math.max(highest, this.logit(window));
    return highest;
  }

  logit(window: WindowFeatures): number {
    const { weights, bias } = this.#file;
    return (
      bias +
      weights.character * window.character +
      weights.shape * window.shape +
      weights.camelJoins * window.camelJoins +
      weights.brackets * window.brackets
    );
  }

  /** The mean features of every run of `windowTokens` consecutive words (fewer if the text is short). */
  windows(text: string): WindowFeatures[] {
    const words = this.wordFeatures(gibberishTokens(text));
    if (words.length < this.#file.minimumTokens) return [];
    const size = Math.min(this.#file.windowTokens, words.length);
    const sum = { character: 0, shape: 0, camelJoins: 0, brackets: 0 };
    const windows: WindowFeatures[] = [];
    for (let index = 0; index < words.length; index++) {
      add(sum, words[index]!, 1);
      if (index >= size) add(sum, words[index - size]!, -1);
      if (index >= size - 1) {
        windows.push({
          character: sum.character / size,
          shape: sum.shape / size,
          camelJoins: sum.camelJoins / size,
          brackets: Math.abs(sum.brackets) / size,
        });
      }
    }
    return windows;
  }

  /** The features of each word, before averaging. */
  wordFeatures(tokens: GibberishToken[]): WindowFeatures[] {
    const { characterOrder, shapeOrder } = this.#file;
    const table = this.#table;
    const stream = ` ${tokens.map((token) => token.symbols).join(' ')} `;
    const shapes = Int32Array.from([startShape, ...tokens.map((token) => token.shape)], (shape) =>
      hashText(shape, 0, shape.length, shapeNamespace),
    );
    const words: WindowFeatures[] = [];
    let position = 1;
    for (let index = 0; index < tokens.length; index++) {
      const { symbols } = tokens[index]!;
      let characterSum = 0;
      // Each character of the word and the space after it, given the characters before.
      for (let end = position; end <= position + symbols.length; end++) {
        characterSum += table.surprisal(
          (length) => hashText(stream, end - length + 1, end + 1, characterNamespace),
          Math.min(characterOrder, end + 1),
        );
      }
      position += symbols.length + 1;
      const shapeEnd = index + 1;
      let brackets = 0;
      for (const symbol of symbols) brackets += opening.has(symbol) ? 1 : closing.has(symbol) ? -1 : 0;
      words.push({
        character: characterSum / (symbols.length + 1),
        shape: table.surprisal(
          (length) => hashUnits(shapes, shapeEnd - length + 1, shapeEnd + 1, shapeNamespace),
          Math.min(shapeOrder, shapeEnd + 1),
        ),
        camelJoins: /[a-z][A-Z]/.test(symbols) ? 1 : 0,
        brackets,
      });
    }
    return words;
  }
}

function add(sum: WindowFeatures, word: WindowFeatures, sign: number): void {
  sum.character += sign * word.character;
  sum.shape += sign * word.shape;
  sum.camelJoins += sign * word.camelJoins;
  sum.brackets += sign * word.brackets;
}
