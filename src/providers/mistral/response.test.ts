import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import type { MistralChatCompletion } from './api.js';

type Finish = MistralChatCompletion['choices'][number]['finish_reason'];
import { fromMistralChatCompletion, fromMistralFinishReason, fromMistralUsage } from './response.js';

function completion(
  message: MistralChatCompletion['choices'][number]['message'],
  finish: Finish = 'stop',
): MistralChatCompletion {
  return {
    id: 'cmpl-1',
    object: 'chat.completion',
    created: 1735689600,
    model: 'magistral-medium-latest',
    choices: [{ index: 0, message, finish_reason: finish }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

describe('fromMistralChatCompletion', () => {
  it('reads thinking and text chunks in order, before tool calls', () => {
    const response = fromMistralChatCompletion(
      completion({
        role: 'assistant',
        content: [
          {
            type: 'thinking',
            thinking: [
              { type: 'text', text: 'Let me ' },
              { type: 'text', text: 'think.' },
            ],
          },
          { type: 'text', text: 'Calling.' },
        ],
        tool_calls: [{ id: 'abcDEF123', function: { name: 'f', arguments: { a: 1 } } }],
      }),
    );
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'Let me think.' },
      { type: 'text', text: 'Calling.' },
      { type: 'tool-call', id: 'abcDEF123', name: 'f', arguments: '{"a":1}' },
    ]);
  });

  it('treats finish_reason "error" as a failed answer, never a complete one', () => {
    const failed = (() => {
      try {
        fromMistralChatCompletion(completion({ role: 'assistant', content: 'partial' }, 'error'));
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failed).toBeInstanceOf(GatewayError);
    expect((failed as GatewayError).code).toBe('upstream_error');
    expect((failed as GatewayError).retryable).toBe(true);
  });

  it.each([null, 'text', [], { choices: 'no' }])(
    'rejects an unreadable body (%j) with a clear error',
    (body) => {
      expect(() => fromMistralChatCompletion(body)).toThrow(/could not read/);
    },
  );

  it('survives a choice without a message and a body without usage', () => {
    expect(
      fromMistralChatCompletion({ id: 'x', choices: [{ index: 0, finish_reason: 'stop' }] }),
    ).toMatchObject({ content: [], finishReason: 'stop', usage: { inputTokens: 0, outputTokens: 0 } });
  });
});

describe('fromMistralFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['model_length', 'length'],
    ['tool_calls', 'tool-calls'],
    ['something_new', 'other'],
    [null, 'other'],
  ])('maps %j to %s', (reason, expected) => {
    expect(fromMistralFinishReason(reason)).toBe(expected);
  });
});

describe('fromMistralUsage', () => {
  it('counts cached tokens inside the input, under whichever name Mistral used', () => {
    const base = { prompt_tokens: 1013, completion_tokens: 30, total_tokens: 1043 };
    const expected = { inputTokens: 1013, outputTokens: 30, cacheReadTokens: 1008, cacheWriteTokens: 0 };
    for (const usage of [
      { ...base, prompt_tokens_details: { cached_tokens: 1008 } },
      { ...base, num_cached_tokens: 1008 },
      { ...base, prompt_token_details: { cached_tokens: 1008 } },
    ]) {
      expect(fromMistralUsage(usage)).toEqual({ ...expected, reported: usage });
    }
  });

  it('never reports more cached tokens than input tokens, nor negative or junk counts', () => {
    expect(fromMistralUsage({ prompt_tokens: 5, num_cached_tokens: 64 })?.cacheReadTokens).toBe(5);
    const junk = { prompt_tokens: -1, completion_tokens: 'x', num_cached_tokens: -3 };
    expect(fromMistralUsage(junk)).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reported: junk,
    });
    expect(fromMistralUsage(null)).toBeUndefined();
  });
});
