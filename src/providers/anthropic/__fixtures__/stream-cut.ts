// Scenario `stream-cut`: the connection closes after some text and before message_stop. The decoder must
// not report a clean end (done stays false), so the gateway ends the client's stream with an error.

import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { expect } from 'vitest';
import type { ProviderFixture } from '../../fixture.js';

/** @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types */
const events = [
  {
    type: 'message_start',
    message: {
      id: 'msg_01StreamCut',
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
        input_tokens: 30,
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
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'The answer is' } },
] satisfies RawMessageStreamEvent[];

export const streamCut: ProviderFixture = {
  scenario: 'stream-cut',
  request: {
    model: 'claude-sonnet-4-6',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the answer?' }] }],
    stream: true,
    streamUsage: true,
    maxTokens: 128,
  },
  expectedBody: { stream: true, max_tokens: 128 },
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
        id: 'msg_01StreamCut',
        model: 'claude-sonnet-4-6',
        created: expect.any(Number),
        // message_start's own counts, kept for a stream cut before message_delta.
        usage: expect.objectContaining({
          inputTokens: 30,
          outputTokens: 1,
          reported: expect.objectContaining({ input_tokens: 30 }),
        }),
      },
      { type: 'text-delta', text: 'The answer is' },
    ],
    done: false,
  },
};
