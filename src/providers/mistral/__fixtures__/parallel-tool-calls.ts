// Scenario `parallel-tool-calls`: a streamed answer with two tool calls. Mistral sends each call
// whole (id, name and arguments at once), both under index 0: the new id starts a new call.

import type { ProviderFixture } from '../../fixture.js';
import type { MistralChunk } from '../api.js';

const base = {
  id: 'cmpl-parallel-3c9a',
  object: 'chat.completion.chunk',
  created: 1735689602,
  model: 'mistral-large-latest',
} as const;

const reportedUsage = { prompt_tokens: 80, completion_tokens: 40, total_tokens: 120 };

const chunks = [
  { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
  {
    ...base,
    choices: [
      {
        index: 0,
        delta: {
          tool_calls: [
            { id: 'wX3kR9pQa', function: { name: 'get_weather', arguments: '{"city": "Paris"}' }, index: 0 },
            {
              id: 'Tz8mN2vLb',
              function: { name: 'get_time', arguments: '{"zone": "Europe/Paris"}' },
              index: 0,
            },
          ],
        },
        finish_reason: 'tool_calls',
      },
    ],
    usage: reportedUsage,
  },
] satisfies MistralChunk[];

const tools = [
  { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } },
];

export const fixture: ProviderFixture = {
  scenario: 'parallel-tool-calls',
  request: {
    model: 'mistral-large-latest',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather and time in Paris?' }] }],
    stream: true,
    streamUsage: true,
    tools,
    toolChoice: { type: 'required' },
    parallelToolCalls: true,
  },
  expectedBody: {
    model: 'mistral-large-latest',
    stream: true,
    tools: tools.map((tool) => ({ type: 'function', function: tool })),
    tool_choice: 'any',
    parallel_tool_calls: true,
  },
  upstream: {
    status: 200,
    sse: [...chunks.map((chunk) => ({ data: JSON.stringify(chunk) })), { data: '[DONE]' }],
  },
  expected: {
    kind: 'stream',
    events: [
      { type: 'response-start', id: base.id, model: 'mistral-large-latest', created: 1735689602 },
      { type: 'tool-call-start', index: 0, id: 'wX3kR9pQa', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, arguments: '{"city": "Paris"}' },
      { type: 'tool-call-start', index: 1, id: 'Tz8mN2vLb', name: 'get_time' },
      { type: 'tool-call-delta', index: 1, arguments: '{"zone": "Europe/Paris"}' },
      { type: 'finish', reason: 'tool-calls' },
      {
        type: 'usage',
        usage: {
          inputTokens: 80,
          outputTokens: 40,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reported: reportedUsage,
        },
      },
    ],
    done: true,
  },
};
