// Scenario `text`: a streamed answer in three chunks; only the last carries finishReason (the
// clean end: Gemini sends no [DONE]) and the final usage. System text and sampling settings go out.

import { FinishReason } from '@google/genai';
import { expect } from 'vitest';
import type { ProviderFixture } from '../../fixture.js';
import type { GenerateContentResponseBody } from '../api.js';

const base = { modelVersion: 'gemini-2.5-flash', responseId: 'resp-text-1' };

/** @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent */
const chunks = [
  { ...base, candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'Hello' }] } }] },
  { ...base, candidates: [{ index: 0, content: { role: 'model', parts: [{ text: ', world.' }] } }] },
  {
    ...base,
    candidates: [
      { index: 0, content: { role: 'model', parts: [{ text: '' }] }, finishReason: FinishReason.STOP },
    ],
    usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 4, totalTokenCount: 13 },
  },
] satisfies GenerateContentResponseBody[];

export const fixture: ProviderFixture = {
  scenario: 'text',
  request: {
    model: 'gemini-2.5-flash',
    system: [{ type: 'text', text: 'Be brief.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] }],
    stream: true,
    streamUsage: true,
    maxTokens: 256,
    temperature: 0.2,
    topP: 0.9,
    topK: 40,
    stop: ['END'],
  },
  expectedBody: {
    systemInstruction: { parts: [{ text: 'Be brief.' }] },
    contents: [{ role: 'user', parts: [{ text: 'Say hello.' }] }],
    generationConfig: { maxOutputTokens: 256, temperature: 0.2, topP: 0.9, topK: 40, stopSequences: ['END'] },
  },
  upstream: { status: 200, sse: chunks.map((chunk) => ({ data: JSON.stringify(chunk) })) },
  expected: {
    kind: 'stream',
    events: [
      // The Gemini API sends no creation time: the decoder stamps the moment the stream started.
      { type: 'response-start', id: 'resp-text-1', model: 'gemini-2.5-flash', created: expect.any(Number) },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ', world.' },
      {
        type: 'usage',
        usage: {
          inputTokens: 9,
          outputTokens: 4,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reported: { promptTokenCount: 9, candidatesTokenCount: 4, totalTokenCount: 13 },
        },
      },
      { type: 'finish', reason: 'stop' },
    ],
    done: true,
  },
};
