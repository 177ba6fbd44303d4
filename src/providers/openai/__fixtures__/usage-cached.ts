// Scenario `usage-cached`: a non-streamed answer whose prompt was mostly served from OpenAI's
// prompt cache, with reasoning tokens reported too.

import type { ProviderFixture } from '../../fixture.js';
import type { ChatCompletion } from '../api.js';

const completion = {
  id: 'chatcmpl-cached-1',
  object: 'chat.completion',
  created: 1735689604,
  model: 'o4-mini-2025-04-16',
  choices: [
    {
      index: 0,
      finish_reason: 'length',
      logprobs: null,
      message: { role: 'assistant', content: 'The image shows a lighthouse', refusal: null },
    },
  ],
  usage: {
    prompt_tokens: 2048,
    completion_tokens: 300,
    total_tokens: 2348,
    prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 256, audio_tokens: 0 },
  },
} satisfies ChatCompletion;

export const fixture: ProviderFixture = {
  scenario: 'usage-cached',
  request: {
    model: 'o4-mini',
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
    user: 'user-1234',
  },
  expectedBody: {
    model: 'o4-mini',
    messages: [
      { role: 'system', content: 'You describe pictures. '.repeat(40) },
      {
        role: 'user',
        name: 'ada',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image_url', image_url: { url: 'https://example.com/lighthouse.png', detail: 'low' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
    ],
    max_completion_tokens: 300,
    reasoning_effort: 'low',
    user: 'user-1234',
  },
  upstream: { status: 200, json: completion },
  expected: {
    kind: 'response',
    response: {
      content: [{ type: 'text', text: 'The image shows a lighthouse' }],
      finishReason: 'length',
      usage: {
        inputTokens: 2048,
        outputTokens: 300,
        cacheReadTokens: 1920,
        cacheWriteTokens: 0,
        reasoningTokens: 256,
      },
    },
  },
};
