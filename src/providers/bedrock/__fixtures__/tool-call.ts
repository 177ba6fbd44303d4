// Scenario `tool-call`: a streamed tool call, its input arriving in pieces, with the tool forced.

import { expect } from 'vitest';
import { unionEvent } from '../../../upstream/event-stream-writer.js';
import type { ProviderFixture } from '../../fixture.js';
import type { ConverseStreamEvent } from '../api.js';

const weather = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
};

/** @see https://docs.aws.amazon.com/bedrock/latest/userguide/tool-use-inference-call.html */
const events = [
  { messageStart: { role: 'assistant' } },
  { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Checking.' } } },
  { contentBlockStop: { contentBlockIndex: 0 } },
  {
    contentBlockStart: {
      contentBlockIndex: 1,
      start: { toolUse: { toolUseId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'get_weather' } },
    },
  },
  { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '{"city"' } } } },
  { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: ': "Oslo"}' } } } },
  { contentBlockStop: { contentBlockIndex: 1 } },
  { messageStop: { stopReason: 'tool_use' } },
  {
    metadata: { usage: { inputTokens: 80, outputTokens: 20, totalTokens: 100 }, metrics: { latencyMs: 500 } },
  },
] satisfies ConverseStreamEvent[];

export const toolCall: ProviderFixture = {
  scenario: 'tool-call',
  request: {
    model: 'amazon.nova-pro-v1:0',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in Oslo?' }] }],
    stream: true,
    streamUsage: true,
    tools: [{ name: 'get_weather', description: 'Current weather', parameters: weather }],
    toolChoice: { type: 'tool', name: 'get_weather' },
  },
  expectedBody: {
    toolConfig: {
      tools: [
        { toolSpec: { name: 'get_weather', description: 'Current weather', inputSchema: { json: weather } } },
      ],
      toolChoice: { tool: { name: 'get_weather' } },
    },
  },
  upstream: { status: 200, sse: events.map(unionEvent) },
  expected: {
    kind: 'stream',
    events: [
      { type: 'response-start', id: expect.any(String), model: '', created: expect.any(Number) },
      { type: 'text-delta', text: 'Checking.' },
      { type: 'tool-call-start', index: 0, id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, arguments: '{"city"' },
      { type: 'tool-call-delta', index: 0, arguments: ': "Oslo"}' },
      { type: 'finish', reason: 'tool-calls' },
      {
        type: 'usage',
        usage: {
          inputTokens: 80,
          outputTokens: 20,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reported: { inputTokens: 80, outputTokens: 20, totalTokens: 100 },
        },
      },
    ],
    done: true,
  },
};
