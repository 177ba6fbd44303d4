// Scenario `usage-cached`: Vertex AI usage over an implicitly cached prompt, with thinking: cached
// tokens sit inside promptTokenCount, thoughts outside candidatesTokenCount; the counts by modality
// (text only here) say how much of the prompt and of the cache was audio.

import { FinishReason, MediaModality, TrafficType } from '@google/genai';
import type { ProviderFixture } from '../../fixture.js';
import type { GenerateContentResponseBody } from '../api.js';

/** @see https://cloud.google.com/vertex-ai/generative-ai/docs/context-cache/context-cache-overview */
const response = {
  responseId: 'vx-cached-1',
  modelVersion: 'gemini-2.5-pro',
  createTime: '2025-01-01T00:00:07Z',
  candidates: [
    {
      content: { role: 'model', parts: [{ text: 'Section 4 covers refunds.' }] },
      finishReason: FinishReason.STOP,
    },
  ],
  usageMetadata: {
    promptTokenCount: 2100,
    cachedContentTokenCount: 2048,
    candidatesTokenCount: 6,
    thoughtsTokenCount: 250,
    totalTokenCount: 2356,
    trafficType: TrafficType.ON_DEMAND,
    promptTokensDetails: [{ modality: MediaModality.TEXT, tokenCount: 2100 }],
    cacheTokensDetails: [{ modality: MediaModality.TEXT, tokenCount: 2048 }],
  },
} satisfies GenerateContentResponseBody;

export const fixture: ProviderFixture = {
  scenario: 'usage-cached',
  request: {
    model: 'gemini-2.5-pro',
    system: [{ type: 'text', text: 'Answer from the manual.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What does section 4 cover?' }] }],
    stream: false,
    streamUsage: false,
  },
  expectedBody: { systemInstruction: { parts: [{ text: 'Answer from the manual.' }] } },
  upstream: { status: 200, json: response },
  expected: {
    kind: 'response',
    response: {
      id: 'vx-cached-1',
      created: 1735689607,
      content: [{ type: 'text', text: 'Section 4 covers refunds.' }],
      finishReason: 'stop',
      usage: {
        inputTokens: 2100,
        outputTokens: 256,
        cacheReadTokens: 2048,
        cacheWriteTokens: 0,
        reasoningTokens: 250,
        // Counts by modality were sent, with no AUDIO among them: no audio to price apart.
        audioInputTokens: 0,
        cacheReadAudioTokens: 0,
      },
    },
  },
};
