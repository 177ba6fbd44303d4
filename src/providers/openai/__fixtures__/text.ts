// Scenario `text`: a streamed plain-text answer, with the usage chunk the adapter asked for.

import type { ProviderFixture } from '../../fixture.js';
import type { ChatCompletionChunk } from '../api.js';

const base = {
  id: 'chatcmpl-text-1',
  object: 'chat.completion.chunk',
  created: 1735689600,
  model: 'gpt-4o-mini-2024-07-18',
} as const;

const reportedUsage = {
  prompt_tokens: 21,
  completion_tokens: 4,
  total_tokens: 25,
  prompt_tokens_details: { cached_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0 },
};

const chunks = [
  { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
  { ...base, choices: [{ index: 0, delta: { content: 'Hello' }, finish_reason: null }] },
  { ...base, choices: [{ index: 0, delta: { content: ', world!' }, finish_reason: null }] },
  { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
  {
    ...base,
    choices: [],
    usage: reportedUsage,
  },
] satisfies ChatCompletionChunk[];

export const fixture: ProviderFixture = {
  scenario: 'text',
  request: {
    model: 'gpt-4o-mini',
    system: [{ type: 'text', text: 'You are terse.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Greet the world.' }] }],
    stream: true,
    streamUsage: false,
    maxTokens: 64,
    temperature: 0.2,
    stop: ['\n\n'],
  },
  expectedBody: {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Greet the world.' },
    ],
    stream: true,
    stream_options: { include_usage: true },
    max_completion_tokens: 64,
    temperature: 0.2,
    stop: ['\n\n'],
  },
  upstream: {
    status: 200,
    sse: [...chunks.map((chunk) => ({ data: JSON.stringify(chunk) })), { data: '[DONE]' }],
  },
  expected: {
    kind: 'stream',
    events: [
      { type: 'response-start', id: 'chatcmpl-text-1', model: 'gpt-4o-mini-2024-07-18', created: 1735689600 },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ', world!' },
      { type: 'finish', reason: 'stop' },
      {
        type: 'usage',
        usage: {
          inputTokens: 21,
          outputTokens: 4,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
          reported: reportedUsage,
        },
      },
    ],
    done: true,
  },
};
