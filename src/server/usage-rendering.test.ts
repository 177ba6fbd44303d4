// The provider's own usage object and the 1-hour cache-write share are for the request record
// only: neither dialect's renderer (used by JSON answers and stream encoders alike) sends them.

import { describe, expect, it } from 'vitest';
import type { Usage } from '../core/index.js';
import { toAnthropicUsage } from './anthropic/messages-response.js';
import { toOpenAIUsage } from './openai/chat-response.js';

const usage: Usage = {
  inputTokens: 170,
  outputTokens: 5,
  cacheReadTokens: 100,
  cacheWriteTokens: 60,
  cacheWrite1hTokens: 40,
  reported: { input_tokens: 10, output_tokens: 5, service_tier: 'standard' },
};

describe('usage rendered to clients', () => {
  it('OpenAI: the five documented fields, nothing of the record', () => {
    expect(toOpenAIUsage(usage)).toEqual({
      prompt_tokens: 170,
      completion_tokens: 5,
      total_tokens: 175,
      prompt_tokens_details: { cached_tokens: 100 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('Anthropic: input without cache tokens, cache reads and writes apart, nothing of the record', () => {
    expect(toAnthropicUsage(usage)).toEqual({
      input_tokens: 10,
      cache_creation_input_tokens: 60,
      cache_read_input_tokens: 100,
      output_tokens: 5,
    });
  });
});
