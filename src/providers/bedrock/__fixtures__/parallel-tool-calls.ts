// Scenario `parallel-tool-calls`: a non-streamed answer with text and two tool calls, tools required,
// plus a tool result from an earlier turn (which travels as a user turn of toolResult blocks).

import type { ProviderFixture } from '../../fixture.js';
import type { ConverseResponseBody } from '../api.js';

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax */
const response = {
  output: {
    message: {
      role: 'assistant',
      content: [
        { text: 'Looking up both.' },
        { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Oslo' } } },
        { toolUse: { toolUseId: 'tooluse_2', name: 'get_weather', input: { city: 'Lima' } } },
      ],
    },
  },
  stopReason: 'tool_use',
  usage: { inputTokens: 120, outputTokens: 44, totalTokens: 164 },
  metrics: { latencyMs: 900 },
} satisfies ConverseResponseBody;

export const parallelToolCalls: ProviderFixture = {
  scenario: 'parallel-tool-calls',
  request: {
    model: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
    system: [],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: [{ type: 'tool-call', id: 'tooluse_0', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'tooluse_0', content: [{ type: 'text', text: '18C' }] }],
      },
      { role: 'user', content: [{ type: 'text', text: 'And Oslo and Lima?' }] },
    ],
    stream: false,
    streamUsage: false,
    tools: [
      { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    ],
    toolChoice: { type: 'required' },
  },
  expectedBody: {
    messages: [
      { role: 'user', content: [{ text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: [{ toolUse: { toolUseId: 'tooluse_0', name: 'get_weather', input: { city: 'Paris' } } }],
      },
      {
        role: 'user',
        content: [
          { toolResult: { toolUseId: 'tooluse_0', content: [{ text: '18C' }] } },
          { text: 'And Oslo and Lima?' },
        ],
      },
    ],
    toolConfig: { toolChoice: { any: {} } },
  },
  upstream: { status: 200, json: response },
  expected: {
    kind: 'response',
    response: {
      content: [
        { type: 'text', text: 'Looking up both.' },
        { type: 'tool-call', id: 'tooluse_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { type: 'tool-call', id: 'tooluse_2', name: 'get_weather', arguments: '{"city":"Lima"}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 120, outputTokens: 44, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
};
