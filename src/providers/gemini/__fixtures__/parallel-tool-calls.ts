// Scenario `parallel-tool-calls`: a stream whose one chunk holds two whole function calls (Gemini
// never splits a call's arguments), then a finish chunk. Each call starts and gets its arguments
// in one delta; ids are synthesized, the same ones a non-streamed answer would get.

import { FinishReason } from '@google/genai';
import { expect } from 'vitest';
import type { ProviderFixture } from '../../fixture.js';
import type { GenerateContentResponseBody } from '../api.js';

const base = { modelVersion: 'gemini-2.5-pro', responseId: 'resp-parallel-1' };

/** @see https://ai.google.dev/gemini-api/docs/function-calling#parallel_function_calling */
const chunks = [
  {
    ...base,
    candidates: [
      {
        index: 0,
        content: {
          role: 'model',
          parts: [
            { functionCall: { name: 'get_weather', args: { city: 'Oslo' } } },
            { functionCall: { name: 'get_time', args: { zone: 'Europe/Oslo' } } },
          ],
        },
      },
    ],
  },
  {
    ...base,
    candidates: [
      { index: 0, content: { role: 'model', parts: [{ text: '' }] }, finishReason: FinishReason.STOP },
    ],
    usageMetadata: { promptTokenCount: 120, candidatesTokenCount: 30, totalTokenCount: 150 },
  },
] satisfies GenerateContentResponseBody[];

const tool = (name: string, property: string) => ({
  name,
  parameters: { type: 'object', properties: { [property]: { type: 'string' } }, required: [property] },
});

export const fixture: ProviderFixture = {
  scenario: 'parallel-tool-calls',
  request: {
    model: 'gemini-2.5-pro',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather and time in Oslo?' }] }],
    stream: true,
    streamUsage: true,
    tools: [tool('get_weather', 'city'), tool('get_time', 'zone')],
    toolChoice: { type: 'auto' },
  },
  expectedBody: {
    contents: [{ role: 'user', parts: [{ text: 'Weather and time in Oslo?' }] }],
    tools: [{ functionDeclarations: [{ name: 'get_weather' }, { name: 'get_time' }] }],
    toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
  },
  upstream: { status: 200, sse: chunks.map((chunk) => ({ data: JSON.stringify(chunk) })) },
  expected: {
    kind: 'stream',
    events: [
      { type: 'response-start', id: 'resp-parallel-1', model: 'gemini-2.5-pro', created: expect.any(Number) },
      { type: 'tool-call-start', index: 0, id: 'call_31d85c9f4fed439909eddbc9', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, arguments: '{"city":"Oslo"}' },
      { type: 'tool-call-start', index: 1, id: 'call_61390e2942a3d46451ad9a43', name: 'get_time' },
      { type: 'tool-call-delta', index: 1, arguments: '{"zone":"Europe/Oslo"}' },
      {
        type: 'usage',
        usage: {
          inputTokens: 120,
          outputTokens: 30,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reported: { promptTokenCount: 120, candidatesTokenCount: 30, totalTokenCount: 150 },
        },
      },
      { type: 'finish', reason: 'tool-calls' },
    ],
    done: true,
  },
};
