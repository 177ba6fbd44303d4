// Scenario `text`: a streamed answer as Vertex AI sends it: every chunk stamped with createTime
// (which becomes `created`) and responseId; only the last carries finishReason and final usage.

import { FinishReason, TrafficType } from '@google/genai';
import type { ProviderFixture } from '../../fixture.js';
import type { GenerateContentResponseBody } from '../api.js';

const base = {
  modelVersion: 'gemini-2.5-flash',
  responseId: 'vx-text-1',
  createTime: '2025-01-01T00:00:05.123456Z',
};

/** @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference#response */
const chunks = [
  { ...base, candidates: [{ content: { role: 'model', parts: [{ text: 'Hello' }] } }] },
  {
    ...base,
    candidates: [
      { content: { role: 'model', parts: [{ text: ', world.' }] }, finishReason: FinishReason.STOP },
    ],
    usageMetadata: {
      promptTokenCount: 9,
      candidatesTokenCount: 4,
      totalTokenCount: 13,
      trafficType: TrafficType.ON_DEMAND,
    },
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
  },
  expectedBody: {
    systemInstruction: { parts: [{ text: 'Be brief.' }] },
    contents: [{ role: 'user', parts: [{ text: 'Say hello.' }] }],
    generationConfig: { maxOutputTokens: 256 },
  },
  upstream: { status: 200, sse: chunks.map((chunk) => ({ data: JSON.stringify(chunk) })) },
  expected: {
    kind: 'stream',
    events: [
      { type: 'response-start', id: 'vx-text-1', model: 'gemini-2.5-flash', created: 1735689605 },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ', world.' },
      {
        type: 'usage',
        usage: {
          inputTokens: 9,
          outputTokens: 4,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reported: {
            promptTokenCount: 9,
            candidatesTokenCount: 4,
            totalTokenCount: 13,
            trafficType: TrafficType.ON_DEMAND,
          },
        },
      },
      { type: 'finish', reason: 'stop' },
    ],
    done: true,
  },
};
