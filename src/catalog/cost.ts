// Cost arithmetic: canonical usage x an entry's prices -> USD with a line per token class and per
// fee (fee-cost.ts). Pure.
// A token class used but not priced makes the total undefined and is named in `unknown`: an
// unpriced model is flagged, never silently counted as free.

import type { Usage } from '../core/index.js';
import type { Prices, TierPrices } from './catalog-schema.js';
import { feesOf, type FeeLine, type FeePart } from './fee-cost.js';

export type CostPart =
  | 'input'
  | 'audioInput'
  | 'cachedInput'
  | 'cachedAudioInput'
  | 'cacheWrite5m'
  | 'cacheWrite1h'
  | 'output'
  | 'audioOutput'
  | 'reasoning';

export interface CostLine {
  part: CostPart;
  tokens: number;
  /** USD per million tokens; undefined when the catalog has no price for this part. */
  usdPerMillion: number | undefined;
  usd: number | undefined;
}

export interface Cost {
  /** The whole cost in USD; undefined when any line with tokens has no price. */
  usd: number | undefined;
  /** The sum of the priced lines (a lower bound when something is unknown). */
  knownUsd: number;
  /** Parts that had tokens (or fees that had requests) but no price. */
  unknown: Array<CostPart | FeePart>;
  /** `long-context` when the prompt passed the entry's long-context threshold. */
  tier: 'base' | 'long-context';
  /** Only parts with tokens. */
  lines: CostLine[];
  /** Per-request fees (web searches), only those with requests; in `usd` and `knownUsd`. */
  fees: FeeLine[];
}

export interface CostOptions {
  /**
   * How many of usage.cacheWriteTokens were written with a 1-hour lifetime (Anthropic reports
   * cache_creation.ephemeral_1h_input_tokens); the rest count as 5-minute writes.
   */
  cacheWrite1hTokens?: number;
}

/**
 * usage.inputTokens counts every input token, cache reads and writes included (src/core/usage.ts),
 * so plain input is what remains after taking both out. Reasoning tokens sit inside outputTokens
 * and are billed as output unless the tier prices them apart. Audio tokens are split out of the
 * plain input, the cache reads and the output and priced at the audio rates: without one, they are
 * unknown, never priced as text. Audio input counts cached audio too, so the cached share
 * (cacheReadAudioTokens) is taken out of it before the rest is taken out of the plain input.
 */
export function costOf(usage: Usage, prices: Prices | undefined, options: CostOptions = {}): Cost {
  const longContext = prices?.longContext;
  const inLongTier = longContext !== undefined && usage.inputTokens > longContext.threshold;
  const tier: TierPrices = inLongTier ? longContext : (prices ?? {});
  const cacheWrite1h = clamp(options.cacheWrite1hTokens ?? 0, usage.cacheWriteTokens);
  const reasoning = tier.reasoning === undefined ? 0 : clamp(usage.reasoningTokens ?? 0, usage.outputTokens);
  const plainInput = Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  const cachedAudio = clamp(usage.cacheReadAudioTokens ?? 0, usage.cacheReadTokens);
  const audioInput = clamp((usage.audioInputTokens ?? 0) - cachedAudio, plainInput);
  const audioOutput = clamp(usage.audioOutputTokens ?? 0, usage.outputTokens - reasoning);
  const counts: Record<CostPart, number> = {
    input: plainInput - audioInput,
    audioInput,
    cachedInput: usage.cacheReadTokens - cachedAudio,
    cachedAudioInput: cachedAudio,
    cacheWrite5m: usage.cacheWriteTokens - cacheWrite1h,
    cacheWrite1h,
    output: usage.outputTokens - reasoning - audioOutput,
    audioOutput,
    reasoning,
  };
  const lines: CostLine[] = [];
  const unknown: Array<CostPart | FeePart> = [];
  let knownUsd = 0;
  for (const part of Object.keys(counts) as CostPart[]) {
    const tokens = counts[part];
    if (tokens <= 0) continue;
    const usdPerMillion = tier[part];
    const usd = usdPerMillion === undefined ? undefined : (tokens * usdPerMillion) / 1_000_000;
    if (usd === undefined) unknown.push(part);
    else knownUsd += usd;
    lines.push({ part, tokens, usdPerMillion, usd });
  }
  const fees = feesOf(usage, prices);
  for (const fee of fees) {
    if (fee.usd === undefined) unknown.push(fee.part);
    else knownUsd += fee.usd;
  }
  return {
    usd: unknown.length === 0 ? knownUsd : undefined,
    knownUsd,
    unknown,
    tier: inLongTier ? 'long-context' : 'base',
    lines,
    fees,
  };
}

function clamp(value: number, maximum: number): number {
  return Math.min(Math.max(0, value), maximum);
}
