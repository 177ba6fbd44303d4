// Scenario `usage-cached`: a vision request whose prompt was mostly served from Mistral's prompt
// cache. Cached tokens sit inside prompt_tokens, as in the canonical convention; the answer hit
// the context window (`model_length`).

import type { ProviderFixture } from '../../fixture.js';
import type { MistralChatCompletion } from '../api.js';

const completion = {
  id: 'cmpl-cached-77aa',
  object: 'chat.completion',
  created: 1735689604,
  model: 'pixtral-large-latest',
  choices: [
    {
      index: 0,
      finish_reason: 'model_length',
      message: { role: 'assistant', content: 'The image shows a lighthouse', tool_calls: null },
    },
  ],
  usage: {
    prompt_tokens: 2048,
    completion_tokens: 300,
    total_tokens: 2348,
    prompt_tokens_details: { cached_tokens: 1920 },
  },
} satisfies MistralChatCompletion;

export const fixture: ProviderFixture = {
  scenario: 'usage-cached',
  request: {
    model: 'pixtral-large-latest',
    system: [{ type: 'text', text: 'You describe pictures. '.repeat(40) }],
    messages: [
      {
        role: 'user',
        name: 'ada',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          {
            type: 'image',
            source: { kind: 'url', url: 'https://example.com/lighthouse.png' },
            detail: 'low',
          },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
        ],
      },
    ],
    stream: false,
    streamUsage: false,
    maxTokens: 300,
    reasoningEffort: 'low',
    topK: 40,
  },
  expectedBody: {
    model: 'pixtral-large-latest',
    messages: [
      { role: 'system', content: 'You describe pictures. '.repeat(40) },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image_url', image_url: { url: 'https://example.com/lighthouse.png', detail: 'low' } },
          { type: 'image_url', image_url: 'data:image/png;base64,iVBORw0KGgo=' },
        ],
      },
    ],
    max_tokens: 300,
  },
  upstream: { status: 200, json: completion },
  expected: {
    kind: 'response',
    response: {
      content: [{ type: 'text', text: 'The image shows a lighthouse' }],
      finishReason: 'length',
      usage: { inputTokens: 2048, outputTokens: 300, cacheReadTokens: 1920, cacheWriteTokens: 0 },
    },
  },
};
