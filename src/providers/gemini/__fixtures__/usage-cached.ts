// Scenario `usage-cached`: a thinking answer over a cached prompt. Gemini's promptTokenCount
// already includes cachedContentTokenCount; thoughtsTokenCount sits outside candidatesTokenCount,
// so canonical output = candidates + thoughts. The thought summary becomes a reasoning part.

import { FinishReason } from '@google/genai';
import type { ProviderFixture } from '../../fixture.js';
import type { GenerateContentResponseBody } from '../api.js';

/**
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 * @see https://ai.google.dev/gemini-api/docs/caching
 */
const response = {
  responseId: 'resp-cached-1',
  modelVersion: 'gemini-2.5-pro',
  candidates: [
    {
      index: 0,
      content: {
        role: 'model',
        parts: [{ text: 'Checking section 4 first.', thought: true }, { text: 'Section 4 covers refunds.' }],
      },
      finishReason: FinishReason.STOP,
    },
  ],
  usageMetadata: {
    promptTokenCount: 1200,
    cachedContentTokenCount: 1000,
    candidatesTokenCount: 40,
    thoughtsTokenCount: 100,
    totalTokenCount: 1340,
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
    maxTokens: 2048,
    reasoningBudget: 1024,
  },
  expectedBody: {
    generationConfig: {
      maxOutputTokens: 2048,
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
    },
  },
  upstream: { status: 200, json: response },
  expected: {
    kind: 'response',
    response: {
      content: [
        { type: 'reasoning', text: 'Checking section 4 first.' },
        { type: 'text', text: 'Section 4 covers refunds.' },
      ],
      finishReason: 'stop',
      usage: {
        inputTokens: 1200,
        outputTokens: 140,
        cacheReadTokens: 1000,
        cacheWriteTokens: 0,
        reasoningTokens: 100,
      },
    },
  },
};
