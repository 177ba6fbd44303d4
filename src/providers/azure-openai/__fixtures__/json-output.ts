// Scenario `json-output`: structured output (json_schema), which the default api-version accepts.

import type { ProviderFixture } from '../../fixture.js';
import type { AzureChatCompletion } from '../api.js';

const schema = {
  type: 'object',
  properties: { city: { type: 'string' }, country: { type: 'string' } },
  required: ['city', 'country'],
  additionalProperties: false,
};

const completion = {
  id: 'chatcmpl-azure-json-1',
  object: 'chat.completion',
  created: 1735689603,
  model: 'gpt-4o-2024-08-06',
  system_fingerprint: 'fp_azure2',
  choices: [
    {
      index: 0,
      finish_reason: 'stop',
      logprobs: null,
      message: { role: 'assistant', content: '{"city":"Paris","country":"France"}', refusal: null },
      content_filter_results: { hate: { filtered: false, severity: 'safe' } },
    },
  ],
  usage: { prompt_tokens: 40, completion_tokens: 12, total_tokens: 52 },
} satisfies AzureChatCompletion;

export const fixture: ProviderFixture = {
  scenario: 'json-output',
  request: {
    model: 'my-gpt-4o',
    system: [{ type: 'text', text: 'Answer in JSON.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Capital of France?' }] }],
    stream: false,
    streamUsage: false,
    responseFormat: { type: 'json-schema', name: 'capital', schema, strict: true },
  },
  expectedBody: {
    model: 'my-gpt-4o',
    response_format: { type: 'json_schema', json_schema: { name: 'capital', schema, strict: true } },
  },
  upstream: { status: 200, json: completion },
  expected: {
    kind: 'response',
    response: {
      id: 'chatcmpl-azure-json-1',
      content: [{ type: 'text', text: '{"city":"Paris","country":"France"}' }],
      finishReason: 'stop',
      usage: { inputTokens: 40, outputTokens: 12, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
};
