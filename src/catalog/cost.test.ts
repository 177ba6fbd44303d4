import { describe, expect, it } from 'vitest';
import type { Usage } from '../core/index.js';
import type { ProviderType } from '../providers/provider.js';
import { costOf } from './cost.js';
import { shippedCatalog } from './model-catalog.js';

function usage(fields: Partial<Usage>): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, ...fields };
}

function pricesOf(type: ProviderType, model: string) {
  const entry = shippedCatalog.lookup(type, model);
  if (entry === undefined) throw new Error(`${model} is not in the catalog`);
  return entry.prices;
}

describe('costOf, one worked example per provider family', () => {
  it('OpenAI gpt-4o: cached input at its own price, inside inputTokens', () => {
    // 6,000 plain x $2.50 = $0.015; 4,000 cached x $1.25 = $0.005; 2,000 out x $10 = $0.02 -> $0.04
    const cost = costOf(
      usage({ inputTokens: 10_000, cacheReadTokens: 4_000, outputTokens: 2_000 }),
      pricesOf('openai', 'gpt-4o-2024-08-06'),
    );
    expect(cost.usd).toBeCloseTo(0.04, 12);
    expect(cost.unknown).toEqual([]);
    expect(cost.lines.map((line) => [line.part, line.tokens])).toEqual([
      ['input', 6_000],
      ['cachedInput', 4_000],
      ['output', 2_000],
    ]);
  });

  it('OpenAI o3: reasoning tokens are billed as output', () => {
    // 1,000 in x $2 = $0.002; 5,000 out (4,000 of them reasoning) x $8 = $0.04 -> $0.042
    const cost = costOf(
      usage({ inputTokens: 1_000, outputTokens: 5_000, reasoningTokens: 4_000 }),
      pricesOf('openai', 'o3'),
    );
    expect(cost.usd).toBeCloseTo(0.042, 12);
    expect(cost.lines.find((line) => line.part === 'output')?.tokens).toBe(5_000);
  });

  it('Anthropic claude-sonnet-4: cache reads, 5-minute and 1-hour writes', () => {
    // 50,000 in = 10,000 plain + 30,000 read + 10,000 written (4,000 for 1 hour):
    // 10,000 x $3 = $0.03; 30,000 x $0.30 = $0.009; 6,000 x $3.75 = $0.0225; 4,000 x $6 = $0.024;
    // 1,000 out x $15 = $0.015 -> $0.1005
    const cost = costOf(
      usage({ inputTokens: 50_000, cacheReadTokens: 30_000, cacheWriteTokens: 10_000, outputTokens: 1_000 }),
      pricesOf('anthropic', 'claude-sonnet-4-20250514'),
      { cacheWrite1hTokens: 4_000 },
    );
    expect(cost.usd).toBeCloseTo(0.1005, 12);
    expect(cost.tier).toBe('base');
  });

  it('Anthropic claude-sonnet-4 on Bedrock: over 200k input tokens every token costs the long-context price', () => {
    // 250,000 in x $6 = $1.50; 1,000 out x $22.50 = $0.0225 -> $1.5225
    const prices = pricesOf('bedrock', 'us.anthropic.claude-sonnet-4-20250514-v1:0');
    const long = costOf(usage({ inputTokens: 250_000, outputTokens: 1_000 }), prices);
    expect(long.usd).toBeCloseTo(1.5225, 12);
    expect(long.tier).toBe('long-context');
    // Exactly at the threshold is still the base tier: 200,000 x $3 = $0.60
    expect(costOf(usage({ inputTokens: 200_000 }), prices).usd).toBeCloseTo(0.6, 12);
  });

  it('Google gemini-2.5-pro: base tier, then the >200k tier including cached input', () => {
    // 80,000 x $1.25 = $0.10; 20,000 cached x $0.125 = $0.0025; 10,000 out x $10 = $0.10 -> $0.2025
    const prices = pricesOf('gemini', 'gemini-2.5-pro');
    const base = costOf(
      usage({ inputTokens: 100_000, cacheReadTokens: 20_000, outputTokens: 10_000 }),
      prices,
    );
    expect(base.usd).toBeCloseTo(0.2025, 12);
    // 200,000 x $2.50 = $0.50; 100,000 cached x $0.25 = $0.025; 10,000 out x $15 = $0.15 -> $0.675
    const long = costOf(
      usage({ inputTokens: 300_000, cacheReadTokens: 100_000, outputTokens: 10_000 }),
      prices,
    );
    expect(long.usd).toBeCloseTo(0.675, 12);
    expect(long.tier).toBe('long-context');
  });

  it('Google gemini-2.5-flash: audio input and cached audio at their own prices, text at the text ones', () => {
    // A 60,000-token prompt: 40,000 cached (38,000 of them audio), 20,000 not (16,000 of them audio).
    // 4,000 text x $0.30 = $0.0012; 16,000 audio x $1.00 = $0.016; 2,000 cached text x $0.03 =
    // $0.00006; 38,000 cached audio x $0.10 = $0.0038; 1,000 out x $2.50 = $0.0025 -> $0.02356
    const prices = pricesOf('gemini', 'gemini-2.5-flash');
    const recording = usage({
      inputTokens: 60_000,
      cacheReadTokens: 40_000,
      audioInputTokens: 54_000,
      cacheReadAudioTokens: 38_000,
      outputTokens: 1_000,
    });
    const cost = costOf(recording, prices);
    expect(cost.usd).toBeCloseTo(0.02356, 12);
    expect(cost.lines.map((line) => [line.part, line.tokens, line.usdPerMillion])).toEqual([
      ['input', 4_000, 0.3],
      ['audioInput', 16_000, 1],
      ['cachedInput', 2_000, 0.03],
      ['cachedAudioInput', 38_000, 0.1],
      ['output', 1_000, 2.5],
    ]);
    // The same tokens on Vertex AI find the same entry; on 2.5 Pro audio costs what text does.
    expect(costOf(recording, pricesOf('vertex', 'gemini-2.5-flash')).usd).toBeCloseTo(0.02356, 12);
    // 20,000 x $1.25 + 40,000 x $0.125 + 1,000 x $10 = $0.025 + $0.005 + $0.01 = $0.04
    expect(costOf(recording, pricesOf('gemini', 'gemini-2.5-pro')).usd).toBeCloseTo(0.04, 12);
  });

  it('Mistral: a priced model, and one whose price is unknown is flagged, never free', () => {
    // 1,000,000 in x $2 + 500,000 out x $6 = $2 + $3 = $5
    const large = costOf(
      usage({ inputTokens: 1_000_000, outputTokens: 500_000 }),
      pricesOf('mistral', 'mistral-large-latest'),
    );
    expect(large.usd).toBeCloseTo(5, 12);
    const small = costOf(
      usage({ inputTokens: 1_000, outputTokens: 10 }),
      pricesOf('mistral', 'mistral-small-latest'),
    );
    expect(small.usd).toBeUndefined();
    expect(small.unknown).toEqual(['input', 'output']);
    expect(small.knownUsd).toBe(0);
  });

  it('Bedrock-hosted Amazon Nova Pro: a cache read it has no price for makes the total unknown', () => {
    // 10,000 in x $0.80 = $0.008; 1,000 out x $3.20 = $0.0032 -> $0.0112
    const prices = pricesOf('bedrock', 'amazon.nova-pro-v1:0');
    expect(costOf(usage({ inputTokens: 10_000, outputTokens: 1_000 }), prices).usd).toBeCloseTo(0.0112, 12);
    const cached = costOf(
      usage({ inputTokens: 10_000, cacheReadTokens: 1_000, outputTokens: 1_000 }),
      prices,
    );
    expect(cached.usd).toBeUndefined();
    expect(cached.unknown).toEqual(['cachedInput']);
    // 9,000 x $0.80 = $0.0072 + $0.0032 = $0.0104 known so far
    expect(cached.knownUsd).toBeCloseTo(0.0104, 12);
  });

  it('embeddings: input only (text-embedding-3-small: 1,000,000 x $0.02 = $0.02)', () => {
    expect(
      costOf(usage({ inputTokens: 1_000_000 }), pricesOf('openai', 'text-embedding-3-small')).usd,
    ).toBeCloseTo(0.02, 12);
  });
});

describe('costOf edge cases', () => {
  it('prices reasoning apart when the tier says so', () => {
    // 1,000 plain out x $4 = $0.004; 4,000 reasoning x $2 = $0.008 -> $0.012
    const cost = costOf(usage({ outputTokens: 5_000, reasoningTokens: 4_000 }), { output: 4, reasoning: 2 });
    expect(cost.usd).toBeCloseTo(0.012, 12);
  });

  it('flags every used part when there are no prices at all, and costs nothing for no usage', () => {
    const cost = costOf(usage({ inputTokens: 10, cacheWriteTokens: 5, outputTokens: 1 }), undefined);
    expect(cost).toMatchObject({ usd: undefined, unknown: ['input', 'cacheWrite5m', 'output'] });
    expect(costOf(usage({}), undefined)).toMatchObject({ usd: 0, unknown: [], lines: [] });
  });

  it('prices audio tokens at the audio rates, out of plain input and output (gpt-4o-audio-preview)', () => {
    // 900 audio in x $40 = $0.036; 100 text in x $2.50 = $0.00025;
    // 400 audio out x $80 = $0.032; 100 text out x $10 = $0.001 -> $0.06925
    const audio = usage({
      inputTokens: 1_000,
      outputTokens: 500,
      audioInputTokens: 900,
      audioOutputTokens: 400,
    });
    const cost = costOf(audio, { input: 2.5, output: 10, audioInput: 40, audioOutput: 80 });
    expect(cost.usd).toBeCloseTo(0.06925, 12);
    expect(cost.lines.map((line) => [line.part, line.tokens])).toEqual([
      ['input', 100],
      ['audioInput', 900],
      ['output', 100],
      ['audioOutput', 400],
    ]);
  });

  it('names audio it has no price for in `unknown` rather than pricing it as text', () => {
    const audio = usage({
      inputTokens: 1_000,
      outputTokens: 500,
      audioInputTokens: 900,
      audioOutputTokens: 400,
    });
    const cost = costOf(audio, { input: 2.5, output: 10 });
    expect(cost.usd).toBeUndefined();
    expect(cost.unknown).toEqual(['audioInput', 'audioOutput']);
    // Only the text: 100 x $2.50 + 100 x $10 per million = $0.00125
    expect(cost.knownUsd).toBeCloseTo(0.00125, 12);
    // A usage that reports zero audio tokens needs no audio price.
    expect(costOf(usage({ inputTokens: 10, audioInputTokens: 0 }), { input: 1 }).usd).toBeCloseTo(1e-5, 12);
  });

  it('takes audio input out of the uncached input only, and never below zero', () => {
    const cost = costOf(
      usage({
        inputTokens: 100,
        cacheReadTokens: 80,
        audioInputTokens: 500,
        outputTokens: 5,
        audioOutputTokens: 9,
      }),
      { input: 1, cachedInput: 1, output: 1, audioInput: 1, audioOutput: 1 },
    );
    expect(cost.lines.map((line) => [line.part, line.tokens])).toEqual([
      ['audioInput', 20],
      ['cachedInput', 80],
      ['audioOutput', 5],
    ]);
  });

  it('prices cached audio at its own rate, out of the cache reads and out of the audio input', () => {
    // 1,000 input: 300 cached (100 of them audio), 700 not (200 of them audio).
    // 500 text x $1 + 200 audio x $4 + 200 cached text x $0.5 + 100 cached audio x $2 per million
    const cost = costOf(
      usage({ inputTokens: 1_000, cacheReadTokens: 300, audioInputTokens: 300, cacheReadAudioTokens: 100 }),
      { input: 1, audioInput: 4, cachedInput: 0.5, cachedAudioInput: 2 },
    );
    expect(cost.lines.map((line) => [line.part, line.tokens])).toEqual([
      ['input', 500],
      ['audioInput', 200],
      ['cachedInput', 200],
      ['cachedAudioInput', 100],
    ]);
    expect(cost.usd).toBeCloseTo((500 * 1 + 200 * 4 + 200 * 0.5 + 100 * 2) / 1e6, 12);
    // Without a cached-audio price the cached audio is unknown, never priced as cached text.
    const unpriced = costOf(
      usage({ inputTokens: 1_000, cacheReadTokens: 300, audioInputTokens: 300, cacheReadAudioTokens: 100 }),
      { input: 1, audioInput: 4, cachedInput: 0.5 },
    );
    expect(unpriced).toMatchObject({ usd: undefined, unknown: ['cachedAudioInput'] });
    // Inconsistent counts are clamped: never more cached audio than cache reads, nor below zero.
    const clamped = costOf(usage({ inputTokens: 50, cacheReadTokens: 40, cacheReadAudioTokens: 90 }), {
      input: 1,
      cachedAudioInput: 1,
    });
    expect(clamped.lines.map((line) => [line.part, line.tokens])).toEqual([
      ['input', 10],
      ['cachedAudioInput', 40],
    ]);
  });

  it('charges web searches per 1,000 on top of tokens, whatever the tier (claude-sonnet-4-5)', () => {
    // 2,000 in x $3 = $0.006; 300 out x $15 = $0.0045; 5 searches x $10 / 1,000 = $0.05 -> $0.0605
    const prices = pricesOf('anthropic', 'claude-sonnet-4-5-20250929');
    const cost = costOf(usage({ inputTokens: 2_000, outputTokens: 300, webSearchRequests: 5 }), prices);
    expect(cost.usd).toBeCloseTo(0.0605, 12);
    expect(cost.fees).toEqual([
      { part: 'webSearch', requests: 5, usdPerThousand: 10, usd: expect.closeTo(0.05, 12) },
    ]);
    // Over 200k: tokens at the long-context prices, searches at the same $10 per 1,000.
    // 250,000 x $6 = $1.50 + 2 x $0.01 = $1.52
    const long = costOf(usage({ inputTokens: 250_000, webSearchRequests: 2 }), prices);
    expect(long.usd).toBeCloseTo(1.52, 12);
  });

  it('names web searches it has no price for in `unknown`, and needs no price for none', () => {
    const cost = costOf(usage({ inputTokens: 1_000, webSearchRequests: 4 }), { input: 1 });
    expect(cost).toMatchObject({
      usd: undefined,
      unknown: ['webSearch'],
      knownUsd: expect.closeTo(0.001, 12),
    });
    expect(costOf(usage({ inputTokens: 1_000, webSearchRequests: 0 }), { input: 1 })).toMatchObject({
      usd: expect.closeTo(0.001, 12),
      fees: [],
    });
  });

  it('clamps inconsistent counts instead of producing negative costs', () => {
    const cost = costOf(
      usage({
        inputTokens: 10,
        cacheReadTokens: 50,
        cacheWriteTokens: 5,
        outputTokens: 3,
        reasoningTokens: 9,
      }),
      { input: 1, cachedInput: 1, cacheWrite5m: 1, cacheWrite1h: 1, output: 1, reasoning: 1 },
      { cacheWrite1hTokens: 99 },
    );
    expect(cost.lines.every((line) => line.tokens > 0 && (line.usd ?? 0) >= 0)).toBe(true);
    expect(cost.lines.find((line) => line.part === 'cacheWrite1h')?.tokens).toBe(5);
    expect(cost.lines.find((line) => line.part === 'reasoning')?.tokens).toBe(3);
  });
});
