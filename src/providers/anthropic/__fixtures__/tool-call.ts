// Scenario `tool-call`: a non-streamed answer calling one tool, after a history holding an earlier call and
// its result, so the request shows tool results merged into the following user turn.

import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { ProviderFixture } from '../../fixture.js';

const weatherSchema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

/** @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use */
const message = {
  id: 'msg_01ToolCall',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-6',
  content: [
    { type: 'text', text: 'Checking Rome.', citations: null },
    {
      type: 'tool_use',
      id: 'toolu_02Rome',
      name: 'get_weather',
      input: { city: 'Rome' },
      caller: { type: 'direct' },
    },
  ],
  container: null,
  diagnostics: null,
  stop_details: null,
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: {
    input_tokens: 420,
    output_tokens: 58,
    cache_creation: null,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
  },
} satisfies Message;

export const toolCall: ProviderFixture = {
  scenario: 'tool-call',
  request: {
    model: 'claude-sonnet-4-6',
    system: [],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', id: 'toolu_01Paris', name: 'get_weather', arguments: '{"city":"Paris"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'toolu_01Paris', content: [{ type: 'text', text: '18 C' }] },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'And in Rome?' }] },
    ],
    stream: false,
    streamUsage: false,
    tools: [{ name: 'get_weather', description: 'Current weather for a city.', parameters: weatherSchema }],
    toolChoice: { type: 'required' },
    parallelToolCalls: false,
  },
  expectedBody: {
    max_tokens: 4096,
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_01Paris', name: 'get_weather', input: { city: 'Paris' } }],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01Paris', content: [{ type: 'text', text: '18 C' }] },
          { type: 'text', text: 'And in Rome?' },
        ],
      },
    ],
    tools: [{ name: 'get_weather', description: 'Current weather for a city.', input_schema: weatherSchema }],
    tool_choice: { type: 'any', disable_parallel_tool_use: true },
  },
  upstream: { status: 200, headers: { 'content-type': 'application/json' }, json: message },
  expected: {
    kind: 'response',
    response: {
      id: 'msg_01ToolCall',
      model: 'claude-sonnet-4-6',
      content: [
        { type: 'text', text: 'Checking Rome.' },
        { type: 'tool-call', id: 'toolu_02Rome', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 420, outputTokens: 58, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
};
