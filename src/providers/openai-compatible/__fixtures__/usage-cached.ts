// Scenario `usage-cached`: DeepSeek reports context-cache hits in `prompt_cache_hit_tokens`,
// beside prompt_tokens rather than inside prompt_tokens_details.

import type { ProviderFixture } from '../../fixture.js';
import type { CompatibleChatCompletion } from '../api.js';

const completion = {
  id: 'd1f2c3-deepseek',
  object: 'chat.completion',
  created: 1735689704,
  model: 'deepseek-chat',
  system_fingerprint: 'fp_deepseek',
  choices: [
    {
      index: 0,
      finish_reason: 'stop',
      logprobs: null,
      message: { role: 'assistant', content: 'Revenue grew 12%.', refusal: null },
    },
  ],
  usage: {
    prompt_tokens: 1088,
    completion_tokens: 8,
    total_tokens: 1096,
    prompt_cache_hit_tokens: 1024,
    prompt_cache_miss_tokens: 64,
  },
} satisfies CompatibleChatCompletion;

export const fixture: ProviderFixture = {
  scenario: 'usage-cached',
  request: {
    model: 'deepseek-chat',
    system: [{ type: 'text', text: 'You are a financial analyst. '.repeat(60) }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Summarise the revenue trend.' }] }],
    stream: false,
    streamUsage: false,
    temperature: 0,
  },
  expectedBody: { model: 'deepseek-chat', temperature: 0 },
  upstream: { status: 200, json: completion },
  expected: {
    kind: 'response',
    response: {
      id: 'd1f2c3-deepseek',
      content: [{ type: 'text', text: 'Revenue grew 12%.' }],
      finishReason: 'stop',
      usage: { inputTokens: 1088, outputTokens: 8, cacheReadTokens: 1024, cacheWriteTokens: 0 },
    },
  },
};
