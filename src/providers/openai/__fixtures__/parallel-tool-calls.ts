// Scenario `parallel-tool-calls`: a streamed answer with two tool calls whose argument fragments
// interleave; each fragment must reach its own call.

import type { ProviderFixture } from '../../fixture.js';
import type { ChatCompletionChunk } from '../api.js';

const base = {
  id: 'chatcmpl-parallel-1',
  object: 'chat.completion.chunk',
  created: 1735689602,
  model: 'gpt-4o-2024-08-06',
} as const;

function toolDelta(
  index: number,
  fields: { id?: string; name?: string; arguments: string },
): ChatCompletionChunk {
  const { id, name, arguments: fragment } = fields;
  const call =
    id === undefined
      ? { index, function: { arguments: fragment } }
      : { index, id, type: 'function' as const, function: { name, arguments: fragment } };
  return { ...base, choices: [{ index: 0, delta: { tool_calls: [call] }, finish_reason: null }] };
}

const reportedUsage = { prompt_tokens: 80, completion_tokens: 40, total_tokens: 120 };

const chunks = [
  { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: null }, finish_reason: null }] },
  toolDelta(0, { id: 'call_weather', name: 'get_weather', arguments: '' }),
  toolDelta(0, { arguments: '{"city":' }),
  toolDelta(1, { id: 'call_time', name: 'get_time', arguments: '' }),
  toolDelta(1, { arguments: '{"zone":' }),
  toolDelta(0, { arguments: '"Paris"}' }),
  toolDelta(1, { arguments: '"Europe/Paris"}' }),
  { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
  { ...base, choices: [], usage: reportedUsage },
] satisfies ChatCompletionChunk[];

const tools = [
  { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } },
];

export const fixture: ProviderFixture = {
  scenario: 'parallel-tool-calls',
  request: {
    model: 'gpt-4o',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather and time in Paris?' }] }],
    stream: true,
    streamUsage: true,
    tools,
    toolChoice: { type: 'auto' },
    parallelToolCalls: true,
  },
  expectedBody: {
    model: 'gpt-4o',
    stream: true,
    stream_options: { include_usage: true },
    tools: tools.map((tool) => ({ type: 'function', function: tool })),
    tool_choice: 'auto',
    parallel_tool_calls: true,
  },
  upstream: {
    status: 200,
    sse: [...chunks.map((chunk) => ({ data: JSON.stringify(chunk) })), { data: '[DONE]' }],
  },
  expected: {
    kind: 'stream',
    events: [
      { type: 'response-start', id: 'chatcmpl-parallel-1', model: 'gpt-4o-2024-08-06', created: 1735689602 },
      { type: 'tool-call-start', index: 0, id: 'call_weather', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, arguments: '{"city":' },
      { type: 'tool-call-start', index: 1, id: 'call_time', name: 'get_time' },
      { type: 'tool-call-delta', index: 1, arguments: '{"zone":' },
      { type: 'tool-call-delta', index: 0, arguments: '"Paris"}' },
      { type: 'tool-call-delta', index: 1, arguments: '"Europe/Paris"}' },
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
