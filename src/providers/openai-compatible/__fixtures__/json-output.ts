// Scenario `json-output`: a non-streamed JSON-mode answer from a Together-hosted model.

import type { ProviderFixture } from '../../fixture.js';
import type { CompatibleChatCompletion } from '../api.js';

const schema = { type: 'object', properties: { answer: { type: 'integer' } }, required: ['answer'] };

const completion = {
  id: 'o8abc-together',
  object: 'chat.completion',
  created: 1735689703,
  model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
  choices: [
    {
      index: 0,
      finish_reason: 'stop',
      logprobs: null,
      message: { role: 'assistant', content: '{"answer": 42}', refusal: null },
    },
  ],
  usage: { prompt_tokens: 33, completion_tokens: 7, total_tokens: 40 },
} satisfies CompatibleChatCompletion;

export const fixture: ProviderFixture = {
  scenario: 'json-output',
  request: {
    model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    system: [{ type: 'text', text: 'Reply with JSON.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Six times seven?' }] }],
    stream: false,
    streamUsage: false,
    responseFormat: { type: 'json-schema', name: 'answer', schema, description: 'The product.' },
  },
  expectedBody: {
    model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'answer', schema, description: 'The product.' },
    },
  },
  upstream: { status: 200, json: completion },
  expected: {
    kind: 'response',
    response: {
      content: [{ type: 'text', text: '{"answer": 42}' }],
      finishReason: 'stop',
      usage: { inputTokens: 33, outputTokens: 7, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
};
