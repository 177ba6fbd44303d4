// Scenario `tool-call`: a non-streamed forced tool call, after a history whose call came from
// another provider (`call_paris`): its id must become 9 characters [a-zA-Z0-9], the same in the
// assistant's call and in the tool result, and the tool message names its function.

import type { ProviderFixture } from '../../fixture.js';
import type { MistralChatCompletion } from '../api.js';
import { toMistralToolCallId } from '../request.js';

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
  strict: true,
};

const completion = {
  id: 'cmpl-tool-8f1e2d',
  object: 'chat.completion',
  created: 1735689601,
  model: 'mistral-large-latest',
  choices: [
    {
      index: 0,
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: '',
        tool_calls: [
          {
            id: 'D681PevKs',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city": "Lyon"}' },
            index: 0,
          },
        ],
      },
    },
  ],
  usage: { prompt_tokens: 96, completion_tokens: 15, total_tokens: 111 },
} satisfies MistralChatCompletion;

const parisId = toMistralToolCallId('call_paris');

export const fixture: ProviderFixture = {
  scenario: 'tool-call',
  request: {
    model: 'mistral-large-latest',
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
    tools: [weatherTool],
    toolChoice: { type: 'tool', name: 'get_weather' },
  },
  expectedBody: {
    model: 'mistral-large-latest',
    stream: false,
    messages: [
      { role: 'user', content: 'Weather in Paris, then Lyon?' },
      {
        role: 'assistant',
        tool_calls: [
          {
            id: parisId,
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city": "Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: parisId, name: 'get_weather', content: '18°C, clear' },
    ],
    tools: [{ type: 'function', function: weatherTool }],
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
  },
  upstream: { status: 200, json: completion },
  expected: {
    kind: 'response',
    response: {
      id: 'cmpl-tool-8f1e2d',
      model: 'mistral-large-latest',
      created: 1735689601,
      content: [{ type: 'tool-call', id: 'D681PevKs', name: 'get_weather', arguments: '{"city": "Lyon"}' }],
      finishReason: 'tool-calls',
      usage: { inputTokens: 96, outputTokens: 15, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
};
