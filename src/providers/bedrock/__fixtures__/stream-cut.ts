// Scenario `stream-cut`: the connection closes after some text, before messageStop and metadata. The
// decoder must not report a clean end, so the gateway ends the client's stream with an error.

import { expect } from 'vitest';
import { unionEvent } from '../../../upstream/event-stream-writer.js';
import type { ProviderFixture } from '../../fixture.js';
import type { ConverseStreamEvent } from '../api.js';

const events = [
  { messageStart: { role: 'assistant' } },
  { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'The answer is' } } },
] satisfies ConverseStreamEvent[];

export const streamCut: ProviderFixture = {
  scenario: 'stream-cut',
  request: {
    model: 'meta.llama3-70b-instruct-v1:0',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the answer?' }] }],
    stream: true,
    streamUsage: true,
    maxTokens: 128,
  },
  expectedBody: { inferenceConfig: { maxTokens: 128 } },
  upstream: { status: 200, sse: events.map(unionEvent) },
  expected: {
    kind: 'stream',
    events: [
      { type: 'response-start', id: expect.any(String), model: '', created: expect.any(Number) },
      { type: 'text-delta', text: 'The answer is' },
    ],
    done: false,
  },
};
