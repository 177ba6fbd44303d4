// Scenario `parallel-tool-calls`: a streamed answer with text and then two tool_use blocks. Anthropic
// streams blocks one after another; tool-call ordinals (0, 1) must differ from block indices (1, 2).

import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { expect } from 'vitest';
import type { ProviderFixture } from '../../fixture.js';

const weatherSchema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

/** @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#streaming-request-with-tool-use */
const events = [
  {
    type: 'message_start',
    message: {
      id: 'msg_01Parallel',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [],
      container: null,
      diagnostics: null,
      stop_details: null,
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: 380,
        output_tokens: 2,
        cache_creation: null,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        inference_geo: null,
        output_tokens_details: null,
        server_tool_use: null,
        service_tier: 'standard',
        speed: null,
      },
    },
  },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking both.' } },
  { type: 'content_block_stop', index: 0 },
  {
    type: 'content_block_start',
    index: 1,
    content_block: {
      type: 'tool_use',
      id: 'toolu_01Paris',
      name: 'get_weather',
      input: {},
      caller: { type: 'direct' },
    },
  },
  { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } },
  { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"city": ' } },
  { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '"Paris"}' } },
  { type: 'content_block_stop', index: 1 },
  {
    type: 'content_block_start',
    index: 2,
    content_block: {
      type: 'tool_use',
      id: 'toolu_02Rome',
      name: 'get_weather',
      input: {},
      caller: { type: 'direct' },
    },
  },
  {
    type: 'content_block_delta',
    index: 2,
    delta: { type: 'input_json_delta', partial_json: '{"city": "Rome"}' },
  },
  { type: 'content_block_stop', index: 2 },
  {
    type: 'message_delta',
    delta: { stop_reason: 'tool_use', stop_sequence: null, stop_details: null, container: null },
    // Cumulative counts, restating the input side as newer API versions do.
    usage: {
      output_tokens: 91,
      input_tokens: 380,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens_details: null,
      server_tool_use: null,
    },
  },
  { type: 'message_stop' },
] satisfies RawMessageStreamEvent[];

export const parallelToolCalls: ProviderFixture = {
  scenario: 'parallel-tool-calls',
  request: {
    model: 'claude-sonnet-4-6',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in Paris and in Rome?' }] }],
    stream: true,
    streamUsage: true,
    maxTokens: 1024,
    tools: [{ name: 'get_weather', description: 'Current weather for a city.', parameters: weatherSchema }],
    toolChoice: { type: 'auto' },
  },
  expectedBody: {
    stream: true,
    max_tokens: 1024,
    tools: [{ name: 'get_weather', description: 'Current weather for a city.', input_schema: weatherSchema }],
    tool_choice: { type: 'auto' },
  },
  upstream: {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    sse: events.map((event) => ({ event: event.type, data: JSON.stringify(event) })),
  },
  expected: {
    kind: 'stream',
    events: [
      {
        type: 'response-start',
        id: 'msg_01Parallel',
        model: 'claude-sonnet-4-6',
        created: expect.any(Number),
        // message_start's own counts, kept for a stream cut before message_delta.
        usage: expect.objectContaining({
          inputTokens: 380,
          outputTokens: 2,
          reported: expect.objectContaining({ input_tokens: 380 }),
        }),
      },
      { type: 'text-delta', text: 'Checking both.' },
      { type: 'tool-call-start', index: 0, id: 'toolu_01Paris', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, arguments: '{"city": ' },
      { type: 'tool-call-delta', index: 0, arguments: '"Paris"}' },
      { type: 'tool-call-start', index: 1, id: 'toolu_02Rome', name: 'get_weather' },
      { type: 'tool-call-delta', index: 1, arguments: '{"city": "Rome"}' },
      {
        type: 'usage',
        usage: {
          inputTokens: 380,
          outputTokens: 91,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reported: {
            input_tokens: 380,
            output_tokens: 91,
            cache_creation: null,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            inference_geo: null,
            output_tokens_details: null,
            server_tool_use: null,
            service_tier: 'standard',
            speed: null,
          },
        },
      },
      { type: 'finish', reason: 'tool-calls' },
    ],
    done: true,
  },
};
