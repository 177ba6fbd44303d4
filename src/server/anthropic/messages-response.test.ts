import { describe, it, expect } from 'vitest';
import type { ChatResponse } from '../../core/index.js';
import { toAnthropicResponse, toToolInput } from './messages-response.js';

function response(overrides: Partial<ChatResponse>): ChatResponse {
  return {
    id: 'msg_1',
    model: 'upstream-model',
    created: 1_700_000_000,
    content: [],
    finishReason: 'stop',
    usage: { inputTokens: 1000, outputTokens: 40, cacheReadTokens: 600, cacheWriteTokens: 300 },
    ...overrides,
  };
}

describe('toAnthropicResponse', () => {
  it('renders blocks in order with thinking signatures and parsed tool input', () => {
    const rendered = toAnthropicResponse(
      response({
        finishReason: 'tool-calls',
        content: [
          { type: 'reasoning', text: 'Let me look.', signature: 'sig' },
          { type: 'redacted-reasoning', data: 'opaque' },
          { type: 'text', text: 'Checking the weather.' },
          { type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{"city":"Oslo","days":[1,2]}' },
        ],
      }),
      'my-alias',
    );
    expect(rendered).toEqual({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'my-alias',
      content: [
        { type: 'thinking', thinking: 'Let me look.', signature: 'sig' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'Checking the weather.' },
        { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo', days: [1, 2] } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 100,
        cache_read_input_tokens: 600,
        cache_creation_input_tokens: 300,
        output_tokens: 40,
      },
    });
  });

  it('reports the stop sequence that ended generation', () => {
    const rendered = toAnthropicResponse(
      response({ finishReason: 'stop-sequence', stopSequence: '###' }),
      'm',
    );
    expect(rendered).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: '###' });
  });

  it('renders an OpenAI refusal as text with the refusal stop reason', () => {
    const rendered = toAnthropicResponse(response({ refusal: 'I cannot help with that.' }), 'm');
    expect(rendered).toMatchObject({
      content: [{ type: 'text', text: 'I cannot help with that.' }],
      stop_reason: 'refusal',
    });
  });

  it('never reports negative input tokens when a provider over-counts cache tokens', () => {
    const rendered = toAnthropicResponse(
      response({ usage: { inputTokens: 10, outputTokens: 1, cacheReadTokens: 8, cacheWriteTokens: 8 } }),
      'm',
    );
    expect(rendered).toMatchObject({ usage: { input_tokens: 0 } });
  });
});

describe('toToolInput', () => {
  it('keeps arguments that are not a JSON object as _raw instead of failing', () => {
    expect(toToolInput('{"a":')).toEqual({ _raw: '{"a":' });
    expect(toToolInput('[1,2]')).toEqual({ _raw: '[1,2]' });
    expect(toToolInput('"text"')).toEqual({ _raw: '"text"' });
    expect(toToolInput('null')).toEqual({ _raw: 'null' });
  });

  it('reads empty arguments as no arguments', () => {
    expect(toToolInput('')).toEqual({});
    expect(toToolInput('  ')).toEqual({});
  });
});
