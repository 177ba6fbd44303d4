// Scenario `json-output`: a non-streamed answer constrained by a JSON schema response format.

import type { ProviderFixture } from '../../fixture.js';
import type { MistralChatCompletion } from '../api.js';

const schema = {
  type: 'object',
  properties: { city: { type: 'string' }, country: { type: 'string' } },
  required: ['city', 'country'],
  additionalProperties: false,
};

const completion = {
  id: 'cmpl-json-51b0',
  object: 'chat.completion',
  created: 1735689603,
  model: 'mistral-small-latest',
  choices: [
    {
      index: 0,
      finish_reason: 'stop',
      message: { role: 'assistant', content: '{"city":"Paris","country":"France"}', tool_calls: null },
    },
  ],
  usage: { prompt_tokens: 40, completion_tokens: 12, total_tokens: 52 },
} satisfies MistralChatCompletion;

export const fixture: ProviderFixture = {
  scenario: 'json-output',
  request: {
    model: 'mistral-small-latest',
    system: [
      { type: 'text', text: 'Answer in JSON.' },
      { type: 'text', text: 'Use English names.' },
    ],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Capital of France?' }] }],
    stream: false,
    streamUsage: false,
    responseFormat: { type: 'json-schema', name: 'capital', schema, strict: true },
    topP: 0.9,
  },
  expectedBody: {
    model: 'mistral-small-latest',
    messages: [
      {
        role: 'system',
        content: [
          { type: 'text', text: 'Answer in JSON.' },
          { type: 'text', text: 'Use English names.' },
        ],
      },
      { role: 'user', content: 'Capital of France?' },
    ],
    response_format: { type: 'json_schema', json_schema: { name: 'capital', schema, strict: true } },
    top_p: 0.9,
  },
  upstream: { status: 200, json: completion },
  expected: {
    kind: 'response',
    response: {
      id: 'cmpl-json-51b0',
      content: [{ type: 'text', text: '{"city":"Paris","country":"France"}' }],
      finishReason: 'stop',
      usage: { inputTokens: 40, outputTokens: 12, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
};
