import { describe, it, expect } from 'vitest';
import { GatewayError } from '../../errors.js';
import type { Message, StopReason } from './api.js';
import { fromAnthropicResponse, fromStopReason, fromUsage } from './response.js';

function message(overrides: Partial<Message>): Message {
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-6',
    content: [],
    container: null,
    diagnostics: null,
    stop_details: null,
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: 10,
      output_tokens: 5,
      cache_creation: null,
      cache_creation_input_tokens: null,
      cache_read_input_tokens: null,
      inference_geo: null,
      output_tokens_details: null,
      server_tool_use: null,
      service_tier: 'standard',
      speed: null,
    },
    ...overrides,
  };
}

describe('fromAnthropicResponse', () => {
  it('keeps text, thinking, redacted thinking and tool calls in the order produced', () => {
    const response = fromAnthropicResponse(
      message({
        content: [
          { type: 'thinking', thinking: 'Consider units.', signature: 'sig-1' },
          { type: 'redacted_thinking', data: 'cipher' },
          { type: 'text', text: 'Converting.', citations: null },
          {
            type: 'tool_use',
            id: 'toolu_1',
            name: 'convert',
            input: { from: 'km', n: 3 },
            caller: { type: 'direct' },
          },
        ],
        stop_reason: 'tool_use',
      }),
    );
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'Consider units.', signature: 'sig-1' },
      { type: 'redacted-reasoning', data: 'cipher' },
      { type: 'text', text: 'Converting.' },
      { type: 'tool-call', id: 'toolu_1', name: 'convert', arguments: '{"from":"km","n":3}' },
    ]);
    expect(response.finishReason).toBe('tool-calls');
    expect(response.id).toBe('msg_1');
    expect(response.model).toBe('claude-sonnet-4-6');
  });

  it('stamps created with the current time in seconds', () => {
    const before = Math.floor(Date.now() / 1000);
    const { created } = fromAnthropicResponse(message({}));
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('leaves out server tool blocks the canonical form cannot express', () => {
    const response = fromAnthropicResponse(
      message({
        content: [
          {
            type: 'server_tool_use',
            id: 'srvtoolu_1',
            name: 'web_search',
            input: { query: 'x' },
            caller: { type: 'direct' },
          },
          { type: 'text', text: 'Found it.', citations: null },
        ],
      }),
    );
    expect(response.content).toEqual([{ type: 'text', text: 'Found it.' }]);
  });

  it('reports the stop sequence that ended generation', () => {
    const response = fromAnthropicResponse(message({ stop_reason: 'stop_sequence', stop_sequence: '###' }));
    expect(response.finishReason).toBe('stop-sequence');
    expect(response.stopSequence).toBe('###');
    expect(fromAnthropicResponse(message({})).stopSequence).toBeUndefined();
  });

  it('sums cache reads and writes into inputTokens and reports thinking tokens', () => {
    const usage = {
      ...message({}).usage,
      input_tokens: 7,
      cache_read_input_tokens: 1000,
      cache_creation_input_tokens: 300,
      output_tokens: 120,
      output_tokens_details: { thinking_tokens: 80 },
    };
    const response = fromAnthropicResponse(message({ usage }));
    expect(response.usage).toEqual({
      inputTokens: 1307,
      outputTokens: 120,
      cacheReadTokens: 1000,
      cacheWriteTokens: 300,
      reasoningTokens: 80,
      reported: usage,
    });
  });

  it('reads the 1-hour share of cache writes from cache_creation', () => {
    const usage = {
      ...message({}).usage,
      input_tokens: 10,
      cache_creation_input_tokens: 700,
      cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 500 },
    };
    const response = fromAnthropicResponse(message({ usage }));
    expect(response.usage).toMatchObject({
      inputTokens: 710,
      cacheWriteTokens: 700,
      cacheWrite1hTokens: 500,
    });
    // Without cache_creation there is no split to report.
    expect(fromAnthropicResponse(message({})).usage.cacheWrite1hTokens).toBeUndefined();
  });

  it('reads the web searches the API ran from server_tool_use', () => {
    const usage = {
      ...message({}).usage,
      server_tool_use: { web_search_requests: 5, web_fetch_requests: 0 },
    };
    expect(fromAnthropicResponse(message({ usage })).usage.webSearchRequests).toBe(5);
    // No server_tool_use (or null): nothing was searched, and nothing is reported.
    expect(fromAnthropicResponse(message({})).usage.webSearchRequests).toBeUndefined();
  });

  it.each([
    null,
    'text',
    42,
    [],
    {},
    { id: 'x', content: 'not a list', usage: {} },
    { id: 'x', content: [] },
  ])('rejects an unreadable body %j with upstream_error instead of crashing', (body) => {
    expect(() => fromAnthropicResponse(body)).toThrow(GatewayError);
    try {
      fromAnthropicResponse(body);
    } catch (error) {
      expect((error as GatewayError).code).toBe('upstream_error');
    }
  });
});

describe('fromStopReason', () => {
  it.each<[StopReason | null, string]>([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop-sequence'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool-calls'],
    ['pause_turn', 'pause'],
    ['refusal', 'refusal'],
    [null, 'other'],
  ])('maps %s to %s', (reason, expected) => {
    expect(fromStopReason(reason)).toBe(expected);
  });

  it('maps a stop reason added later to other', () => {
    expect(fromStopReason('brand_new_reason' as StopReason)).toBe('other');
  });
});

describe('fromUsage', () => {
  it('treats null, negative and non-numeric counts as zero', () => {
    const usage = {
      input_tokens: null,
      output_tokens: -3,
      cache_read_input_tokens: Number.NaN,
      cache_creation_input_tokens: null,
      output_tokens_details: null,
    };
    expect(fromUsage(usage)).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reported: usage,
    });
  });
});
