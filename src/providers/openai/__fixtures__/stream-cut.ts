// Scenario `stream-cut`: the connection closes after some text, with no finish and no [DONE]:
// the decoder must not report a clean end.

import type { ProviderFixture } from '../../fixture.js';
import type { ChatCompletionChunk } from '../api.js';

const base = {
  id: 'chatcmpl-cut-1',
  object: 'chat.completion.chunk',
  created: 1735689605,
  model: 'gpt-4o-mini-2024-07-18',
} as const;

const chunks = [
  { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
  { ...base, choices: [{ index: 0, delta: { content: 'The answer' }, finish_reason: null }] },
  { ...base, choices: [{ index: 0, delta: { content: ' is' }, finish_reason: null }] },
] satisfies ChatCompletionChunk[];

export const fixture: ProviderFixture = {
  scenario: 'stream-cut',
  request: {
    model: 'gpt-4o-mini',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the answer?' }] }],
    stream: true,
    streamUsage: false,
  },
  expectedBody: { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true } },
  upstream: { status: 200, sse: chunks.map((chunk) => ({ data: JSON.stringify(chunk) })) },
  expected: {
    kind: 'stream',
    events: [
      { type: 'response-start', id: 'chatcmpl-cut-1', model: 'gpt-4o-mini-2024-07-18', created: 1735689605 },
      { type: 'text-delta', text: 'The answer' },
      { type: 'text-delta', text: ' is' },
    ],
    done: false,
  },
};
