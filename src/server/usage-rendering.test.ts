// The provider's own usage object and the 1-hour cache-write share are for the request record
// only: neither dialect's renderer (used by JSON answers and stream encoders alike) sends them.
// Audio tokens and web searches the provider reported go out where the client's dialect has a
// field for them, and only there.

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

  const reported: Usage = {
    ...usage,
    audioInputTokens: 120,
    cacheReadAudioTokens: 80,
    audioOutputTokens: 3,
    webSearchRequests: 2,
  };

  it('OpenAI: reported audio in the details (web searches have no field there)', () => {
    expect(toOpenAIUsage(reported)).toEqual({
      prompt_tokens: 170,
      completion_tokens: 5,
      total_tokens: 175,
      prompt_tokens_details: { cached_tokens: 100, audio_tokens: 120 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 3 },
    });
  });

  it('Anthropic: reported web searches as server_tool_use (audio has no field there)', () => {
    expect(toAnthropicUsage(reported)).toEqual({
      input_tokens: 10,
      cache_creation_input_tokens: 60,
      cache_read_input_tokens: 100,
      output_tokens: 5,
      server_tool_use: { web_search_requests: 2 },
    });
  });
});
