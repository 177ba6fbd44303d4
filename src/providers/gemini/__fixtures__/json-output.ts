// Scenario `json-output`: a JSON-schema response format becomes responseMimeType plus a
// responseSchema in Gemini's OpenAPI subset (upper-case types, no additionalProperties).

import { FinishReason } from '@google/genai';
import { expect } from 'vitest';
import type { ProviderFixture } from '../../fixture.js';
import type { GenerateContentResponseBody } from '../api.js';

/** @see https://ai.google.dev/gemini-api/docs/structured-output */
const response = {
  responseId: 'resp-json-1',
  modelVersion: 'gemini-2.5-flash',
  candidates: [
    {
      index: 0,
      content: { role: 'model', parts: [{ text: '{"city":"Paris","country":"France"}' }] },
      finishReason: FinishReason.STOP,
    },
  ],
  usageMetadata: { promptTokenCount: 40, candidatesTokenCount: 11, totalTokenCount: 51 },
} satisfies GenerateContentResponseBody;

export const fixture: ProviderFixture = {
  scenario: 'json-output',
  request: {
    model: 'gemini-2.5-flash',
    system: [{ type: 'text', text: 'You extract places.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'I flew to Paris.' }] }],
    stream: false,
    streamUsage: false,
    responseFormat: {
      type: 'json-schema',
      name: 'place',
      strict: true,
      schema: {
        type: 'object',
        properties: { city: { type: 'string' }, country: { type: ['string', 'null'] } },
        required: ['city', 'country'],
        additionalProperties: false,
      },
    },
  },
  expectedBody: {
    generationConfig: {
      responseMimeType: 'application/json',
      responseSchema: {
        type: 'OBJECT',
        properties: { city: { type: 'STRING' }, country: { type: 'STRING', nullable: true } },
        required: ['city', 'country'],
      },
    },
  },
  upstream: { status: 200, json: response },
  expected: {
    kind: 'response',
    response: {
      id: 'resp-json-1',
      created: expect.any(Number),
      content: [{ type: 'text', text: '{"city":"Paris","country":"France"}' }],
      finishReason: 'stop',
      usage: { inputTokens: 40, outputTokens: 11, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
};
