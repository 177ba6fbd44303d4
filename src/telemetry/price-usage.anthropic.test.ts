// Worked cost examples for Claude (anthropic, vertex-anthropic, bedrock-anthropic): Anthropic's
// input_tokens excludes cache reads and writes, 1-hour writes are priced apart, and Sonnet 4 has a
// long-context tier. Upstream answers go through each provider's own translator; USD by hand.

import { describe, expect, it } from 'vitest';
import { priceOf, providerOf, recordUsage, sse, streamedUsage } from './price-usage.fixture.js';

function message(model: string, usage: Record<string, unknown>) {
  return {
    id: 'msg_01Worked',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: 'Here is the summary.' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: {
      cache_creation: null,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      server_tool_use: null,
      service_tier: 'standard',
      ...usage,
    },
  };
}

describe('anthropic', () => {
  it('claude-sonnet-4-5: cache reads, 5-minute writes and 1-hour writes each at their own price', () => {
    const body = message('claude-sonnet-4-5-20250929', {
      input_tokens: 1_200,
      cache_read_input_tokens: 30_000,
      cache_creation_input_tokens: 8_000,
      cache_creation: { ephemeral_5m_input_tokens: 2_000, ephemeral_1h_input_tokens: 6_000 },
      output_tokens: 900,
    });
    const usage = recordUsage(providerOf('claude-sonnet-4-5').chatResponse(body).usage);
    expect(usage).toMatchObject({
      inputTokens: 39_200,
      cacheReadTokens: 30_000,
      cacheWriteTokens: 8_000,
      cacheWrite1hTokens: 6_000,
      reported: body.usage,
    });
    // plain 1,200 x $3/M = $0.0036
    // cached 30,000 x $0.30/M = $0.009
    // 5-minute writes 2,000 x $3.75/M = $0.0075
    // 1-hour writes 6,000 x $6/M = $0.036
    // output 900 x $15/M = $0.0135                    -> $0.0696
    const cost = priceOf(usage, 'claude-sonnet-4-5');
    expect(cost.usd).toBeCloseTo(0.0696, 12);
    expect(cost.lines.map((line) => [line.part, line.tokens, line.usdPerMillion])).toEqual([
      ['input', 1_200, 3],
      ['cachedInput', 30_000, expect.closeTo(0.3, 12)],
      ['cacheWrite5m', 2_000, 3.75],
      ['cacheWrite1h', 6_000, 6],
      ['output', 900, 15],
    ]);
  });

  it('claude-haiku-4-5, streamed: message_start input counts with message_delta output counts', () => {
    const events = sse(
      {
        type: 'message_start',
        message: {
          ...message('claude-haiku-4-5-20251001', {
            input_tokens: 50,
            cache_read_input_tokens: 12_000,
            output_tokens: 1,
          }),
          content: [],
          stop_reason: null,
        },
      },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Summary.' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 640, input_tokens: null, cache_read_input_tokens: null },
      },
      { type: 'message_stop' },
    );
    const usage = recordUsage(streamedUsage(providerOf('claude-haiku-4-5'), events));
    expect(usage.reported).toMatchObject({
      input_tokens: 50,
      cache_read_input_tokens: 12_000,
      output_tokens: 640,
    });
    // plain 50 x $1/M = $0.00005
    // cached 12,000 x $0.10/M = $0.0012
    // output 640 x $5/M = $0.0032                     -> $0.00445
    expect(priceOf(usage, 'claude-haiku-4-5').usd).toBeCloseTo(0.00445, 12);
  });
});

describe('vertex-anthropic', () => {
  it('claude-sonnet-4 over 200k input tokens: every token at the long-context price', () => {
    const body = message('claude-sonnet-4-20250514', {
      input_tokens: 20_000,
      cache_read_input_tokens: 190_000,
      cache_creation_input_tokens: 10_000,
      output_tokens: 2_000,
    });
    const usage = recordUsage(providerOf('vertex-sonnet-4').chatResponse(body).usage);
    // 20,000 + 190,000 + 10,000 = 220,000 input tokens > 200,000: the long-context tier
    // plain 20,000 x $6/M = $0.12
    // cached 190,000 x $0.60/M = $0.114
    // 5-minute writes 10,000 x $7.50/M = $0.075
    // output 2,000 x $22.50/M = $0.045                 -> $0.354
    const cost = priceOf(usage, 'vertex-sonnet-4');
    expect(cost.tier).toBe('long-context');
    expect(cost.usd).toBeCloseTo(0.354, 12);
  });
});

describe('bedrock-anthropic', () => {
  it('claude-3-5-haiku by cross-region id: the InvokeModel body is the Messages answer', () => {
    const body = message('claude-3-5-haiku-20241022', {
      input_tokens: 300,
      cache_read_input_tokens: 4_000,
      cache_creation_input_tokens: 1_000,
      cache_creation: { ephemeral_5m_input_tokens: 1_000, ephemeral_1h_input_tokens: 0 },
      output_tokens: 250,
    });
    const usage = recordUsage(providerOf('bedrock-haiku').chatResponse(body).usage);
    expect(usage).toMatchObject({ inputTokens: 5_300, cacheWrite1hTokens: 0 });
    // plain 300 x $0.80/M = $0.00024
    // cached 4,000 x $0.08/M = $0.00032
    // 5-minute writes 1,000 x $1/M = $0.001
    // output 250 x $4/M = $0.001                       -> $0.00256
    expect(priceOf(usage, 'bedrock-haiku').usd).toBeCloseTo(0.00256, 12);
  });
});
