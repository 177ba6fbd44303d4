// Scenario `json-output`: a JSON-schema response format becomes Converse's structured output config.

import type { ProviderFixture } from '../../fixture.js';
import type { ConverseResponseBody } from '../api.js';

const schema = {
  type: 'object',
  properties: { city: { type: 'string' }, country: { type: 'string' } },
  required: ['city', 'country'],
  additionalProperties: false,
};

/** @see https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html */
const response = {
  output: { message: { role: 'assistant', content: [{ text: '{"city":"Paris","country":"France"}' }] } },
  stopReason: 'end_turn',
  usage: { inputTokens: 40, outputTokens: 12, totalTokens: 52 },
  metrics: { latencyMs: 420 },
} satisfies ConverseResponseBody;

export const jsonOutput: ProviderFixture = {
  scenario: 'json-output',
  request: {
    model: 'amazon.nova-lite-v1:0',
    system: [{ type: 'text', text: 'Answer in JSON.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Capital of France?' }] }],
    stream: false,
    streamUsage: false,
    responseFormat: { type: 'json-schema', name: 'capital', schema, strict: true },
    topP: 0.9,
  },
  expectedBody: {
    system: [{ text: 'Answer in JSON.' }],
    inferenceConfig: { topP: 0.9 },
    outputConfig: {
      textFormat: {
        type: 'json_schema',
        structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'capital' } },
      },
    },
  },
  upstream: { status: 200, json: response },
  expected: {
    kind: 'response',
    response: {
      content: [{ type: 'text', text: '{"city":"Paris","country":"France"}' }],
      finishReason: 'stop',
      usage: { inputTokens: 40, outputTokens: 12, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
};
