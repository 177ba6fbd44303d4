// Scenario `tool-call`: a forced function call after a history holding one call and its result.
// The tool schema carries keywords Gemini rejects (additionalProperties, $schema): they are
// stripped. The result goes back as a functionResponse named after its call. Gemini sends no call
// id, so the adapter synthesizes a stable one from the response id, position and name.

import { FinishReason } from '@google/genai';
import { expect } from 'vitest';
import type { ProviderFixture } from '../../fixture.js';
import type { GenerateContentResponseBody } from '../api.js';

/** @see https://ai.google.dev/gemini-api/docs/function-calling */
const response = {
  responseId: 'resp-tool-1',
  modelVersion: 'gemini-2.5-flash',
  candidates: [
    {
      index: 0,
      content: { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Lyon' } } }] },
      finishReason: FinishReason.STOP,
    },
  ],
  usageMetadata: { promptTokenCount: 96, candidatesTokenCount: 15, totalTokenCount: 111 },
} satisfies GenerateContentResponseBody;

export const fixture: ProviderFixture = {
  scenario: 'tool-call',
  request: {
    model: 'gemini-2.5-flash',
    system: [],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris, then Lyon?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', id: 'call_paris', name: 'get_weather', arguments: '{"city": "Paris"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_paris', content: [{ type: 'text', text: '18°C, clear' }] },
        ],
      },
    ],
    stream: false,
    streamUsage: false,
    tools: [
      {
        name: 'get_weather',
        description: 'Current weather for a city.',
        parameters: {
          $schema: 'http://json-schema.org/draft-07/schema#',
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
          additionalProperties: false,
        },
      },
    ],
    toolChoice: { type: 'tool', name: 'get_weather' },
  },
  expectedBody: {
    contents: [
      { role: 'user', parts: [{ text: 'Weather in Paris, then Lyon?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
      {
        role: 'user',
        parts: [{ functionResponse: { name: 'get_weather', response: { output: '18°C, clear' } } }],
      },
    ],
    tools: [
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Current weather for a city.',
            parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] },
          },
        ],
      },
    ],
    toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
  },
  upstream: { status: 200, json: response },
  expected: {
    kind: 'response',
    response: {
      id: 'resp-tool-1',
      model: 'gemini-2.5-flash',
      created: expect.any(Number),
      content: [
        {
          type: 'tool-call',
          id: 'call_819d1ef8e072bc780e4057f6',
          name: 'get_weather',
          arguments: '{"city":"Lyon"}',
        },
      ],
      // Gemini says STOP after a function call; clients expect the tool-calls reason.
      finishReason: 'tool-calls',
      usage: { inputTokens: 96, outputTokens: 15, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
};
