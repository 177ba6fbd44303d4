// Scenario `text`: a streamed plain-text answer, with a ping between events as the API sends them.
// Upstream events are typed with the official SDK's stream event type so they cannot drift from the wire.

import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { expect } from 'vitest';
import type { ProviderFixture } from '../../fixture.js';
import type { PingEvent } from '../api.js';

/** @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#basic-streaming-request */
const events = [
  {
    type: 'message_start',
    message: {
      id: 'msg_01TextStream',
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
        input_tokens: 12,
        output_tokens: 1,
        cache_creation: null,
        cache_creation_input_tokens: null,
        cache_read_input_tokens: null,
        inference_geo: null,
        output_tokens_details: null,
        server_tool_use: null,
        service_tier: 'standard',
        speed: null,
      },
    },
  },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } },
  { type: 'ping' },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ', world!' } },
  { type: 'content_block_stop', index: 0 },
  {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null, stop_details: null, container: null },
    usage: {
      output_tokens: 6,
      input_tokens: null,
      cache_creation_input_tokens: null,
      cache_read_input_tokens: null,
      output_tokens_details: null,
      server_tool_use: null,
    },
  },
  { type: 'message_stop' },
] satisfies Array<RawMessageStreamEvent | PingEvent>;

export const text: ProviderFixture = {
  scenario: 'text',
  request: {
    model: 'claude-sonnet-4-6',
    system: [{ type: 'text', text: 'You are terse.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] }],
    stream: true,
    streamUsage: true,
    maxTokens: 256,
    temperature: 0.2,
    stop: ['END'],
  },
  expectedBody: {
    stream: true,
    max_tokens: 256,
    temperature: 0.2,
    stop_sequences: ['END'],
    system: [{ type: 'text', text: 'You are terse.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] }],
  },
  upstream: {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    sse: events.map((event) => ({ event: event.type, data: JSON.stringify(event) })),
  },
  expected: {
    kind: 'stream',
    events: [
      // Anthropic sends no creation time: the decoder stamps the moment the stream started.
      {
        type: 'response-start',
        id: 'msg_01TextStream',
        model: 'claude-sonnet-4-6',
        created: expect.any(Number),
        // message_start's own counts, kept for a stream cut before message_delta.
        usage: expect.objectContaining({
          inputTokens: 12,
          outputTokens: 1,
          reported: expect.objectContaining({ input_tokens: 12 }),
        }),
      },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ', world!' },
      {
        type: 'usage',
        usage: {
          inputTokens: 12,
          outputTokens: 6,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          // message_start's usage with message_delta's non-null counts laid over it.
          reported: {
            input_tokens: 12,
            output_tokens: 6,
            cache_creation: null,
            cache_creation_input_tokens: null,
            cache_read_input_tokens: null,
            inference_geo: null,
            output_tokens_details: null,
            server_tool_use: null,
            service_tier: 'standard',
            speed: null,
          },
        },
      },
      { type: 'finish', reason: 'stop' },
    ],
    done: true,
  },
};
