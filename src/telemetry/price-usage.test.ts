// priceUsage's own rules (unknown models, free nothing, unpriced parts, merged config prices), the
// embeddings case, and the guarantee that the provider's own figures stay in the record: the
// client renderers never send them. Per-provider worked examples are in price-usage.*.test.ts.

import { describe, expect, it } from 'vitest';
import { catalogVersion } from '../catalog/models/index.js';
import { shippedCatalog } from '../catalog/model-catalog.js';
import { parseConfig } from '../config/parse-config.js';
import { estimateUsage, promptText, reportedUsage } from './estimate-usage.js';
import { priceOf, providerOf, recordUsage, targetOf } from './price-usage.fixture.js';
import { priceUsage } from './price-usage.js';
import type { UsageRecord } from './request-record.js';

function usage(fields: Partial<UsageRecord>): UsageRecord {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    source: 'provider',
    ...fields,
  };
}

describe('priceUsage', () => {
  it('prices nothing for a model without a catalog entry: usd null, the model named unknown', () => {
    const cost = priceUsage(usage({ inputTokens: 1_000, outputTokens: 10 }), undefined, 'v-test');
    expect(cost).toEqual({
      usd: null,
      knownUsd: 0,
      unknown: ['model'],
      tier: 'base',
      lines: [
        { part: 'input', tokens: 1_000, usdPerMillion: null, usd: null },
        { part: 'output', tokens: 10, usdPerMillion: null, usd: null },
      ],
      catalogVersion: 'v-test',
    });
  });

  it('costs a known zero when no token was used, entry or not: nothing was spent', () => {
    const none = usage({ source: 'none' });
    const expected = { usd: 0, knownUsd: 0, unknown: [], tier: 'base', lines: [], catalogVersion };
    expect(priceUsage(none, undefined, catalogVersion)).toEqual(expected);
    expect(priceUsage(none, shippedCatalog.get('gpt-4o'), catalogVersion)).toEqual(expected);
  });

  it('flags every part with tokens when the entry has no prices (mistral-small is listed unpriced)', () => {
    const entry = shippedCatalog.get('mistral-small');
    expect(entry?.prices).toBeUndefined();
    const cost = priceUsage(usage({ inputTokens: 500, outputTokens: 50 }), entry, catalogVersion);
    expect(cost).toMatchObject({ usd: null, knownUsd: 0, unknown: ['input', 'output'] });
  });

  it('passes the 1-hour share of cache writes on, and counts writes as 5-minute without one', () => {
    const entry = shippedCatalog.get('claude-haiku-4-5');
    const written = usage({ inputTokens: 1_000, cacheWriteTokens: 1_000 });
    // 1,000 x $1.25/M (5 minutes) = $0.00125, or 1,000 x $2/M (1 hour) = $0.002
    expect(priceUsage(written, entry, catalogVersion).usd).toBeCloseTo(0.00125, 12);
    expect(priceUsage({ ...written, cacheWrite1hTokens: 1_000 }, entry, catalogVersion).usd).toBeCloseTo(
      0.002,
      12,
    );
  });

  it('uses the target’s merged entry, so a `catalog:` price override applies key by key', () => {
    const config = parseConfig(
      `
providers: { openai: { type: openai, apiKey: sk-test } }
models: { gpt-4o: { targets: [{ provider: openai, model: gpt-4o-2024-11-20 }] } }
catalog: { models: { gpt-4o: { prices: { input: 2.0, cachedInput: 1.0 } } } }
`,
      'negotiated.yaml',
      {},
    );
    const entry = targetOf('gpt-4o', 'chat', config).catalogEntry;
    expect(entry?.prices).toEqual({ input: 2, cachedInput: 1, output: 10 });
    const served = usage({ inputTokens: 10_000, cacheReadTokens: 4_000, outputTokens: 1_000 });
    // 6,000 x $2/M = $0.012; 4,000 x $1/M = $0.004; 1,000 x $10/M (shipped, kept) = $0.01 -> $0.026
    expect(priceUsage(served, entry, catalogVersion).usd).toBeCloseTo(0.026, 12);
  });
});

describe('embeddings', () => {
  it('text-embedding-3-small: OpenAI reports prompt tokens, priced as input', () => {
    const response = providerOf('text-embedding-3-small', 'embeddings').embeddingsResponse?.({
      object: 'list',
      model: 'text-embedding-3-small',
      data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
      usage: { prompt_tokens: 1_000, total_tokens: 1_000 },
    });
    const record = recordUsage({
      inputTokens: response?.inputTokens ?? 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      ...(response?.reported === undefined ? {} : { reported: response.reported }),
    });
    // 1,000 x $0.02/M = $0.00002
    expect(priceOf(record, 'text-embedding-3-small', 'embeddings').usd).toBeCloseTo(0.00002, 15);
  });

  it('gemini-embedding-001: batchEmbedContents reports no tokens, so they are estimated and flagged', async () => {
    const response = providerOf('gemini-embedding-001', 'embeddings').embeddingsResponse?.({
      embeddings: [{ values: [0.1] }, { values: [0.2] }],
    });
    expect(response).toMatchObject({ inputTokens: 0 });
    expect(response?.reported).toBeUndefined();
    const body = {
      model: 'gemini-embedding-001',
      input: ['Hello, world!', 'The quick brown fox jumps over the lazy dog.'],
    };
    const estimated = await estimateUsage({ promptText: promptText(body, 'openai'), outputText: '' });
    // 'Hello, world! The quick brown fox jumps over the lazy dog.' = 14 tokens, no framing
    expect(estimated).toMatchObject({ inputTokens: 14, outputTokens: 0, source: 'estimated' });
    // 14 x $0.15/M = $0.0000021
    expect(priceOf(estimated, 'gemini-embedding-001', 'embeddings').usd).toBeCloseTo(0.0000021, 15);
  });
});

describe('the provider’s own figures stay in the record', () => {
  const body = {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5-20250929',
    content: [{ type: 'text', text: 'Hi.' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: 10,
      output_tokens: 5,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 60,
      cache_creation: { ephemeral_5m_input_tokens: 20, ephemeral_1h_input_tokens: 40 },
      service_tier: 'standard',
    },
  };

  it('keeps them for the record', () => {
    const response = providerOf('claude-sonnet-4-5').chatResponse(body);
    expect(reportedUsage(response.usage)).toMatchObject({ cacheWrite1hTokens: 40, reported: body.usage });
  });
});
