// Scenario `usage-cached`: Azure counts cached prompt tokens inside prompt_tokens, as OpenAI does,
// which is the canonical convention; reasoning tokens sit inside completion_tokens.

import type { ProviderFixture } from '../../fixture.js';
import type { AzureChatCompletion } from '../api.js';

const completion = {
  id: 'chatcmpl-azure-cached-1',
  object: 'chat.completion',
  created: 1735689604,
  model: 'o3-mini-2025-01-31',
  choices: [
    {
      index: 0,
      finish_reason: 'stop',
      logprobs: null,
      message: { role: 'assistant', content: 'Cached hello.', refusal: null },
      content_filter_results: {},
    },
  ],
  usage: {
    prompt_tokens: 2048,
    completion_tokens: 150,
    total_tokens: 2198,
    prompt_tokens_details: { cached_tokens: 1792 },
    completion_tokens_details: { reasoning_tokens: 128 },
  },
} satisfies AzureChatCompletion;

export const fixture: ProviderFixture = {
  scenario: 'usage-cached',
  request: {
    model: 'my-o3-mini',
    system: [{ type: 'text', text: 'A long, reused system prompt.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello again.' }] }],
    stream: false,
    streamUsage: false,
    maxTokens: 500,
  },
  expectedBody: { model: 'my-o3-mini', max_completion_tokens: 500 },
  upstream: { status: 200, json: completion },
  expected: {
    kind: 'response',
    response: {
      content: [{ type: 'text', text: 'Cached hello.' }],
      finishReason: 'stop',
      usage: {
        inputTokens: 2048,
        outputTokens: 150,
        cacheReadTokens: 1792,
        cacheWriteTokens: 0,
        reasoningTokens: 128,
      },
    },
  },
};
