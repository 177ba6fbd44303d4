// Scenario `stream-cut`: the connection closes after some text and no chunk ever carried a
// finishReason: the decoder must not report a clean end.

import { expect } from 'vitest';
import type { ProviderFixture } from '../../fixture.js';
import type { GenerateContentResponseBody } from '../api.js';

const base = { modelVersion: 'gemini-2.5-flash', responseId: 'resp-cut-1' };

const firstUsage = { promptTokenCount: 7, candidatesTokenCount: 2, totalTokenCount: 9 };

const chunks = [
  {
    ...base,
    candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'The answer' }] } }],
    usageMetadata: firstUsage,
  },
  { ...base, candidates: [{ index: 0, content: { role: 'model', parts: [{ text: ' is' }] } }] },
] satisfies GenerateContentResponseBody[];

export const fixture: ProviderFixture = {
  scenario: 'stream-cut',
  request: {
    model: 'gemini-2.5-flash',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the answer?' }] }],
    stream: true,
    streamUsage: false,
  },
  expectedBody: { contents: [{ role: 'user', parts: [{ text: 'What is the answer?' }] }] },
  upstream: { status: 200, sse: chunks.map((chunk) => ({ data: JSON.stringify(chunk) })) },
  expected: {
    kind: 'stream',
    events: [
      {
        type: 'response-start',
        id: 'resp-cut-1',
        model: 'gemini-2.5-flash',
        created: expect.any(Number),
        // The first chunk's usage rides on the start: a cut stream keeps its input figures.
        usage: {
          inputTokens: 7,
          outputTokens: 2,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reported: firstUsage,
        },
      },
      { type: 'text-delta', text: 'The answer' },
      { type: 'text-delta', text: ' is' },
    ],
    done: false,
  },
};
