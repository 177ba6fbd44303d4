// Scenario `stream-cut`: the connection closes after some text, with no finish and no [DONE]:
// the decoder must not report a clean end.

import type { ProviderFixture } from '../../fixture.js';
import type { MistralChunk } from '../api.js';

const base = {
  id: 'cmpl-cut-0d4e',
  object: 'chat.completion.chunk',
  created: 1735689605,
  model: 'mistral-small-latest',
} as const;

const chunks = [
  { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
  { ...base, choices: [{ index: 0, delta: { content: 'The answer' }, finish_reason: null }] },
  { ...base, choices: [{ index: 0, delta: { content: ' is' }, finish_reason: null }] },
] satisfies MistralChunk[];

export const fixture: ProviderFixture = {
  scenario: 'stream-cut',
  request: {
    model: 'mistral-small-latest',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the answer?' }] }],
    stream: true,
    streamUsage: false,
  },
  expectedBody: { model: 'mistral-small-latest', stream: true },
  upstream: { status: 200, sse: chunks.map((chunk) => ({ data: JSON.stringify(chunk) })) },
  expected: {
    kind: 'stream',
    events: [
      { type: 'response-start', id: base.id, model: 'mistral-small-latest', created: 1735689605 },
      { type: 'text-delta', text: 'The answer' },
      { type: 'text-delta', text: ' is' },
    ],
    done: false,
  },
};
