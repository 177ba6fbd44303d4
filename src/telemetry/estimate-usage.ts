// Usage for the request record: the provider's own figures when it reported any, else a local
// tokenizer count flagged `estimated`. The tokenizer's tables are tens of megabytes, so they load on
// the first estimate (dynamic import), never at startup. Counts only: prices live in price-usage.ts.

import { setImmediate as nextTurn } from 'node:timers/promises';
import type * as O200kBase from 'gpt-tokenizer/encoding/o200k_base';
import type { Usage } from '../core/index.js';
import type { PromptText } from './prompt-text.js';
import type { UsageRecord } from './request-record.js';

export { promptText, type PromptText } from './prompt-text.js';

/** Types only: the module itself is imported on first use, below. */
type Tokenizer = typeof O200kBase;

/**
 * o200k_base is the encoding of OpenAI's current models; other vendors' tokenizers differ by some
 * percent either way, which an estimate accepts. Only this one encoding's module is imported.
 */
let tokenizer: Promise<Tokenizer> | undefined;

function loadTokenizer(): Promise<Tokenizer> {
  tokenizer ??= import('gpt-tokenizer/encoding/o200k_base').catch((error: unknown) => {
    // A failed load is retried by the next estimate rather than remembered.
    tokenizer = undefined;
    throw error;
  });
  return tokenizer;
}

/** Special-token text such as `<|endoftext|>` in a prompt is counted as text, not refused. */
const asPlainText = { disallowedSpecial: new Set<string>() };

/**
 * Byte-pair encoding is quadratic in the length of one whitespace-free run, and a prompt may hold
 * a long one (base64, a minified file, text without spaces): such runs are counted in pieces of
 * this many characters, which changes the count by at most a token per piece.
 */
const longestRun = 256;
/** Ordinary text is handed to the tokenizer in slices of about this many characters. */
const sliceLength = 16_384;
/** Characters counted between turns of the event loop, so a huge prompt never stalls the server. */
const charactersPerTurn = 65_536;

/** Tokens in a text (o200k_base), plus the fixed tokens a PromptText carries. */
export async function estimateTokens(input: string | PromptText): Promise<number> {
  const { text, fixedTokens } = typeof input === 'string' ? { text: input, fixedTokens: 0 } : input;
  if (text === '') return fixedTokens;
  const { countTokens } = await loadTokenizer();
  let tokens = fixedTokens;
  let sinceTurn = 0;
  for (const slice of slices(text)) {
    tokens += countTokens(slice, asPlainText);
    sinceTurn += slice.length;
    if (sinceTurn >= charactersPerTurn) {
      sinceTurn = 0;
      await nextTurn();
    }
  }
  return tokens;
}

export interface EstimateInput {
  /** The request's countable text: promptText(body, dialect), or plain text. */
  promptText: string | PromptText;
  /** What the model produced (text, reasoning and tool-call arguments). */
  outputText: string;
}

/** A tokenizer count standing in for usage no provider reported. Cache figures are unknowable: 0. */
export async function estimateUsage(input: EstimateInput): Promise<UsageRecord> {
  const inputTokens = await estimateTokens(input.promptText);
  const outputTokens = await estimateTokens(input.outputText);
  return { inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, source: 'estimated' };
}

/**
 * The record's usage when the provider reported some, else undefined (estimate instead). Every
 * adapter keeps the upstream's usage object in `reported`, and only when there was one: answers
 * without usage still carry canonical zeros, which must not be recorded as a free request.
 */
export function reportedUsage(usage: Usage | undefined): UsageRecord | undefined {
  if (usage?.reported === undefined) return undefined;
  return { ...usage, source: 'provider' };
}

/**
 * Slices to count one by one: whitespace-free runs longer than longestRun in pieces, everything
 * else in slices of about sliceLength, cut before a whitespace character so no word is split.
 */
function* slices(text: string): Generator<string> {
  let position = 0;
  for (const match of text.matchAll(new RegExp(`(?<!\\S)\\S{${longestRun + 1},}`, 'g'))) {
    yield* ordinarySlices(text, position, match.index);
    const end = match.index + match[0].length;
    for (let start = match.index; start < end; start += longestRun) {
      yield text.slice(start, Math.min(start + longestRun, end));
    }
    position = end;
  }
  yield* ordinarySlices(text, position, text.length);
}

/** Between long runs no run exceeds longestRun, so a whitespace character is always near the cut. */
function* ordinarySlices(text: string, start: number, end: number): Generator<string> {
  while (start < end) {
    let cut = Math.min(start + sliceLength, end);
    if (cut < end) {
      let space = cut;
      while (space > start && !/\s/.test(text.charAt(space))) space--;
      if (space > start) cut = space;
    }
    yield text.slice(start, cut);
    start = cut;
  }
}
