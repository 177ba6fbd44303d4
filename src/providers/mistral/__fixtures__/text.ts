// Scenario `text`: a streamed plain-text answer. Mistral puts the usage on its last chunk, beside
// the finish reason, without any stream_options; the adapter must not ask for them.

import type { ProviderFixture } from '../../fixture.js';
import type { MistralChunk } from '../api.js';

const base = {
  id: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
  object: 'chat.completion.chunk',
  created: 1735689600,
  model: 'mistral-small-latest',
} as const;

const reportedUsage = { prompt_tokens: 21, completion_tokens: 4, total_tokens: 25 };

const chunks = [
  { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
  { ...base, choices: [{ index: 0, delta: { content: 'Hello' }, finish_reason: null }] },
  {
    ...base,
    choices: [{ index: 0, delta: { content: ', world!' }, finish_reason: 'stop' }],
    usage: reportedUsage,
  },
] satisfies MistralChunk[];

export const fixture: ProviderFixture = {
  scenario: 'text',
  request: {
    model: 'mistral-small-latest',
    system: [{ type: 'text', text: 'You are terse.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Greet the world.' }] }],
    stream: true,
    streamUsage: false,
    maxTokens: 64,
    temperature: 0.2,
    stop: ['\n\n'],
    seed: 42,
    user: 'end-user-7',
  },
  expectedBody: {
    model: 'mistral-small-latest',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Greet the world.' },
    ],
    stream: true,
    max_tokens: 64,
    temperature: 0.2,
    stop: ['\n\n'],
    random_seed: 42,
  },
  upstream: {
    status: 200,
    sse: [...chunks.map((chunk) => ({ data: JSON.stringify(chunk) })), { data: '[DONE]' }],
  },
  expected: {
    kind: 'stream',
    events: [
      { type: 'response-start', id: base.id, model: 'mistral-small-latest', created: 1735689600 },
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
          reported: reportedUsage,
        },
      },
    ],
    done: true,
  },
};
