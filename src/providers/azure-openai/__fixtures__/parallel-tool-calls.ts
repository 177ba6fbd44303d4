// Scenario `parallel-tool-calls`: two calls streamed with interleaved argument fragments, on the
// default api-version, which accepts parallel_tool_calls (GA since 2024-10-21).

import type { ProviderFixture } from '../../fixture.js';
import type { AzureChatCompletionChunk } from '../api.js';

const base = {
  id: 'chatcmpl-azure-parallel-1',
  object: 'chat.completion.chunk',
  created: 1735689602,
  model: 'gpt-4o-2024-08-06',
} as const;

type Delta = AzureChatCompletionChunk['choices'][number]['delta'];

const chunk = (delta: Delta, finish: 'tool_calls' | null = null): AzureChatCompletionChunk => ({
  ...base,
  choices: [{ index: 0, delta, finish_reason: finish }],
});

const chunks = [
  {
    id: '',
    object: '',
    created: 0,
    model: '',
    choices: [],
    prompt_filter_results: [
      { prompt_index: 0, content_filter_results: { hate: { filtered: false, severity: 'safe' } } },
    ],
  },
  chunk({ role: 'assistant', content: null }),
  chunk({
    tool_calls: [
      { index: 0, id: 'call_w', type: 'function', function: { name: 'get_weather', arguments: '' } },
    ],
  }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
  chunk({
    tool_calls: [
      { index: 1, id: 'call_t', type: 'function', function: { name: 'get_time', arguments: '{"zone":' } },
    ],
  }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
  chunk({ tool_calls: [{ index: 1, function: { arguments: '"Europe/Paris"}' } }] }),
  chunk({}, 'tool_calls'),
] satisfies AzureChatCompletionChunk[];

const tools = [
  { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } },
];

export const fixture: ProviderFixture = {
  scenario: 'parallel-tool-calls',
  request: {
    model: 'my-gpt-4o',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather and time in Paris?' }] }],
    stream: true,
    streamUsage: false,
    tools,
    toolChoice: { type: 'auto' },
    parallelToolCalls: true,
  },
  expectedBody: {
    model: 'my-gpt-4o',
    stream: true,
    tools: tools.map((tool) => ({ type: 'function', function: tool })),
    tool_choice: 'auto',
    parallel_tool_calls: true,
  },
  upstream: {
    status: 200,
    sse: [...chunks.map((value) => ({ data: JSON.stringify(value) })), { data: '[DONE]' }],
  },
  expected: {
    kind: 'stream',
    events: [
      {
        type: 'response-start',
        id: 'chatcmpl-azure-parallel-1',
        model: 'gpt-4o-2024-08-06',
        created: 1735689602,
      },
      { type: 'tool-call-start', index: 0, id: 'call_w', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, arguments: '{"city":' },
      { type: 'tool-call-start', index: 1, id: 'call_t', name: 'get_time' },
      { type: 'tool-call-delta', index: 1, arguments: '{"zone":' },
      { type: 'tool-call-delta', index: 0, arguments: '"Paris"}' },
      { type: 'tool-call-delta', index: 1, arguments: '"Europe/Paris"}' },
      { type: 'finish', reason: 'tool-calls' },
    ],
    done: true,
  },
};
