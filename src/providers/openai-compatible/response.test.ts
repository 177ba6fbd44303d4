import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import type { CompatibleChatCompletion, ReasoningFields } from './api.js';
import { fromCompatibleChatCompletion, fromCompatibleUsage, readReasoning } from './response.js';

function completion(
  message: ReasoningFields & { content?: string | null },
  usage?: CompatibleChatCompletion['usage'],
): CompatibleChatCompletion {
  return {
    id: 'c1',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [
      {
        index: 0,
        finish_reason: 'stop',
        logprobs: null,
        message: { role: 'assistant', refusal: null, content: null, ...message },
      },
    ],
    usage,
  };
}

describe('fromCompatibleChatCompletion', () => {
  it.each<keyof ReasoningFields>(['reasoning', 'reasoning_content'])(
    'puts `%s` text first, as a reasoning part',
    (field) => {
      expect(
        fromCompatibleChatCompletion(completion({ [field]: 'Thinking.', content: 'Answer.' })).content,
      ).toEqual([
        { type: 'reasoning', text: 'Thinking.' },
        { type: 'text', text: 'Answer.' },
      ]);
    },
  );

  it('reads reasoning once when a server sends both names', () => {
    const response = fromCompatibleChatCompletion(
      completion({ reasoning: 'Same.', reasoning_content: 'Same.', content: 'A' }),
    );
    expect(response.content.filter((part) => part.type === 'reasoning')).toHaveLength(1);
  });

  it('ignores empty or non-text reasoning fields', () => {
    expect(fromCompatibleChatCompletion(completion({ reasoning: '', content: 'A' })).content).toEqual([
      { type: 'text', text: 'A' },
    ]);
    const hostile = {
      ...completion({ content: 'A' }),
      choices: [{ index: 0, finish_reason: 'stop', message: { content: 'A', reasoning: { text: 'x' } } }],
    };
    expect(fromCompatibleChatCompletion(hostile).content).toEqual([{ type: 'text', text: 'A' }]);
  });

  it('reads DeepSeek cache hits as cached input tokens', () => {
    const usage = {
      prompt_tokens: 500,
      completion_tokens: 5,
      total_tokens: 505,
      prompt_cache_hit_tokens: 448,
      prompt_cache_miss_tokens: 52,
    };
    const response = fromCompatibleChatCompletion(completion({ content: 'A' }, usage));
    expect(response.usage).toEqual({
      inputTokens: 500,
      outputTokens: 5,
      cacheReadTokens: 448,
      cacheWriteTokens: 0,
      reported: usage,
    });
  });

  it('still refuses an unreadable body', () => {
    expect(() => fromCompatibleChatCompletion({ choices: null })).toThrow(GatewayError);
  });
});

describe('fromCompatibleUsage', () => {
  it('prefers OpenAI’s cached_tokens when a server reports both', () => {
    const usage = fromCompatibleUsage({
      prompt_tokens: 10,
      completion_tokens: 1,
      prompt_tokens_details: { cached_tokens: 8 },
      prompt_cache_hit_tokens: 6,
    });
    expect(usage?.cacheReadTokens).toBe(8);
  });

  it('ignores hostile cache-hit counts and non-object usage', () => {
    expect(
      fromCompatibleUsage({ prompt_tokens: 10, completion_tokens: 1, prompt_cache_hit_tokens: -4 })
        ?.cacheReadTokens,
    ).toBe(0);
    expect(
      fromCompatibleUsage({ prompt_tokens: 10, completion_tokens: 1, prompt_cache_hit_tokens: '4' })
        ?.cacheReadTokens,
    ).toBe(0);
    expect(fromCompatibleUsage(null)).toBeUndefined();
    expect(fromCompatibleUsage([1, 2])).toBeUndefined();
  });
});

describe('readReasoning', () => {
  it('is undefined when there is none', () => {
    expect(readReasoning({ content: 'x' })).toBeUndefined();
  });
});
