// Worked cost examples for Gemini (gemini, vertex): promptTokenCount includes cached content,
// thoughts sit outside candidatesTokenCount and are billed as output, tool-use prompt tokens are
// input, and Gemini 2.5 Pro has a long-context tier. USD worked out by hand in each comment.

import { describe, expect, it } from 'vitest';
import { priceOf, providerOf, recordUsage, sse, streamedUsage } from './price-usage.fixture.js';

function answer(modelVersion: string, usageMetadata: Record<string, unknown>, finishReason = 'STOP') {
  return {
    responseId: 'resp-worked',
    modelVersion,
    candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'Done.' }] }, finishReason }],
    usageMetadata,
  };
}

describe('gemini', () => {
  it('gemini-2.5-flash: cached content inside the prompt, thoughts added to output', () => {
    const body = answer('gemini-2.5-flash', {
      promptTokenCount: 10_000,
      cachedContentTokenCount: 8_000,
      candidatesTokenCount: 400,
      thoughtsTokenCount: 1_200,
      totalTokenCount: 11_600,
    });
    const usage = recordUsage(providerOf('gemini-2.5-flash').chatResponse(body).usage);
    expect(usage).toMatchObject({
      inputTokens: 10_000,
      outputTokens: 1_600,
      reasoningTokens: 1_200,
      cacheReadTokens: 8_000,
      reported: body.usageMetadata,
    });
    // plain 10,000 - 8,000 = 2,000 x $0.30/M = $0.0006
    // cached 8,000 x $0.03/M = $0.00024
    // output 400 + 1,200 thoughts = 1,600 x $2.50/M = $0.004  -> $0.00484
    expect(priceOf(usage, 'gemini-2.5-flash').usd).toBeCloseTo(0.00484, 12);
  });

  it('gemini-2.5-pro, streamed past 200k prompt tokens: the last cumulative usage, long-context prices', () => {
    // A first chunk with text and running usage but no finishReason, then the finishing chunk.
    const first = {
      responseId: 'resp-worked',
      modelVersion: 'gemini-2.5-pro',
      candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'Reading' }] } }],
      usageMetadata: { promptTokenCount: 250_000, cachedContentTokenCount: 200_000 },
    };
    const last = answer('gemini-2.5-pro', {
      promptTokenCount: 250_000,
      cachedContentTokenCount: 200_000,
      candidatesTokenCount: 3_000,
      thoughtsTokenCount: 2_000,
      totalTokenCount: 255_000,
    });
    const events = sse(first, last);
    const usage = recordUsage(streamedUsage(providerOf('gemini-2.5-pro'), events));
    expect(usage).toMatchObject({ inputTokens: 250_000, outputTokens: 5_000 });
    // 250,000 > 200,000: the long-context tier
    // plain 250,000 - 200,000 = 50,000 x $2.50/M = $0.125
    // cached 200,000 x $0.25/M = $0.05
    // output 3,000 + 2,000 thoughts = 5,000 x $15/M = $0.075  -> $0.25
    const cost = priceOf(usage, 'gemini-2.5-pro');
    expect(cost.tier).toBe('long-context');
    expect(cost.usd).toBeCloseTo(0.25, 12);
  });
});

describe('vertex', () => {
  it('gemini-2.0-flash-001 with search grounding: tool-use prompt tokens are input', () => {
    const body = {
      ...answer('gemini-2.0-flash-001', {
        promptTokenCount: 6_000,
        cachedContentTokenCount: 4_096,
        candidatesTokenCount: 700,
        toolUsePromptTokenCount: 300,
        totalTokenCount: 7_000,
        trafficType: 'ON_DEMAND',
      }),
      createTime: '2025-01-01T00:00:00Z',
    };
    const usage = recordUsage(providerOf('vertex-flash').chatResponse(body).usage);
    expect(usage).toMatchObject({ inputTokens: 6_300, outputTokens: 700, cacheReadTokens: 4_096 });
    // plain 6,000 + 300 - 4,096 = 2,204 x $0.10/M = $0.0002204
    // cached 4,096 x $0.025/M = $0.0001024
    // output 700 x $0.40/M = $0.00028                 -> $0.0006028
    expect(priceOf(usage, 'vertex-flash').usd).toBeCloseTo(0.0006028, 12);
  });
});
