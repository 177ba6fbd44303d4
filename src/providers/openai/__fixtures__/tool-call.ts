// Scenario `tool-call`: a non-streamed forced tool call, after a history that already holds one
// call and its result (so assistant tool_calls and tool messages are checked on the way out).

import type { ProviderFixture } from '../../fixture.js';
import type { ChatCompletion } from '../api.js';

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
  id: 'chatcmpl-tool-1',
  object: 'chat.completion',
  created: 1735689601,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      finish_reason: 'tool_calls',
      logprobs: null,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [
          {
            id: 'call_lyon',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Lyon"}' },
          },
        ],
      },
    },
  ],
  usage: { prompt_tokens: 96, completion_tokens: 15, total_tokens: 111 },
} satisfies ChatCompletion;

export const fixture: ProviderFixture = {
  scenario: 'tool-call',
  request: {
    model: 'gpt-4o',
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
    model: 'gpt-4o',
    messages: [
      { role: 'user', content: 'Weather in Paris, then Lyon?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_paris',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city": "Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_paris', content: '18°C, clear' },
    ],
    tools: [{ type: 'function', function: weatherTool }],
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
  },
  upstream: { status: 200, json: completion },
  expected: {
    kind: 'response',
    response: {
      id: 'chatcmpl-tool-1',
      model: 'gpt-4o-2024-08-06',
      created: 1735689601,
      content: [{ type: 'tool-call', id: 'call_lyon', name: 'get_weather', arguments: '{"city":"Lyon"}' }],
      finishReason: 'tool-calls',
      usage: { inputTokens: 96, outputTokens: 15, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
};
