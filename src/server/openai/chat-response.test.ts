import { describe, it, expect } from 'vitest';
import type { ChatResponse } from '../../core/index.js';
import { toOpenAIResponse } from './chat-response.js';

function response(overrides: Partial<ChatResponse>): ChatResponse {
  return {
    id: 'chatcmpl-1',
    model: 'upstream-model',
    created: 1_700_000_000,
    content: [],
    finishReason: 'stop',
    usage: {
      inputTokens: 120,
      outputTokens: 30,
      cacheReadTokens: 100,
      cacheWriteTokens: 0,
      reasoningTokens: 12,
    },
    ...overrides,
  };
}

describe('toOpenAIResponse', () => {
  it('renders a chat.completion with joined text, the client-facing model and full usage', () => {
    const rendered = toOpenAIResponse(
      response({
        content: [
          { type: 'text', text: 'Hello, ' },
          { type: 'reasoning', text: 'think', signature: 's' },
          { type: 'text', text: 'world.' },
        ],
      }),
      'my-alias',
    );
    expect(rendered).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'my-alias',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Hello, world.',
            refusal: null,
            reasoning_content: 'think',
            thinking_blocks: [{ type: 'thinking', thinking: 'think', signature: 's' }],
          },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 120,
        completion_tokens: 30,
        total_tokens: 150,
        prompt_tokens_details: { cached_tokens: 100 },
        completion_tokens_details: { reasoning_tokens: 12 },
      },
    });
  });

  it('renders tool calls with their arguments untouched, even when not JSON', () => {
    const rendered = toOpenAIResponse(
      response({
        finishReason: 'tool-calls',
        content: [
          { type: 'tool-call', id: 'call_a', name: 'f', arguments: '{"x": 1}' },
          { type: 'tool-call', id: 'call_b', name: 'g', arguments: '{"broken' },
        ],
      }),
      'm',
    ) as { choices: Array<{ message: Record<string, unknown>; finish_reason: string }> };
    const choice = rendered.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"x": 1}' } },
      { id: 'call_b', type: 'function', function: { name: 'g', arguments: '{"broken' } },
    ]);
    expect(choice?.message).not.toHaveProperty('reasoning_content');
  });

  it('carries a refusal and reports zero reasoning tokens when the provider gave none', () => {
    const rendered = toOpenAIResponse(
      response({
        refusal: 'No.',
        finishReason: 'refusal',
        usage: { inputTokens: 5, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
      }),
      'm',
    ) as { choices: Array<{ message: Record<string, unknown>; finish_reason: string }>; usage: unknown };
    expect(rendered.choices[0]?.message).toMatchObject({ content: null, refusal: 'No.' });
    expect(rendered.choices[0]?.finish_reason).toBe('content_filter');
    expect(rendered.usage).toMatchObject({
      total_tokens: 6,
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });
});
