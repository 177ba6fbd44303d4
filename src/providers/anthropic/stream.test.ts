import { describe, it, expect } from 'vitest';
import type { StreamEvent } from '../../core/index.js';
import type { DecodedEvent, SseEvent } from '../provider.js';
import type { RawMessageStreamEvent } from './api.js';
import { AnthropicStreamDecoder } from './stream.js';

function sse(event: RawMessageStreamEvent | Record<string, unknown>): SseEvent {
  return { event: typeof event.type === 'string' ? event.type : undefined, data: JSON.stringify(event) };
}

function decodeAll(events: Array<RawMessageStreamEvent | Record<string, unknown>>): DecodedEvent[] {
  const decoder = new AnthropicStreamDecoder();
  return events.map((event) => decoder.decode(sse(event)));
}

function canonicalEvents(decoded: DecodedEvent[]): StreamEvent[] {
  return decoded.flatMap((item) => item.events);
}

const messageStart = {
  type: 'message_start',
  message: {
    id: 'msg_s',
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
      input_tokens: 20,
      output_tokens: 1,
      cache_creation: null,
      cache_creation_input_tokens: 100,
      cache_read_input_tokens: 400,
      inference_geo: null,
      output_tokens_details: null,
      server_tool_use: null,
      service_tier: 'standard',
      speed: null,
    },
  },
} satisfies RawMessageStreamEvent;

function messageDelta(
  stopReason: 'end_turn' | 'stop_sequence' | null,
  usage: Record<string, unknown> | undefined,
  stopSequence: string | null = null,
): Record<string, unknown> {
  const event: Record<string, unknown> = {
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: stopSequence, stop_details: null, container: null },
  };
  if (usage !== undefined) event.usage = usage;
  return event;
}

describe('AnthropicStreamDecoder: content', () => {
  it('starts the response with the message id and model, and the creation time of the stream', () => {
    const before = Math.floor(Date.now() / 1000);
    const [start] = decodeAll([messageStart]);
    expect(start?.passthrough).toBe('forward');
    expect(start?.events).toHaveLength(1);
    const event = start?.events[0];
    expect(event).toMatchObject({ type: 'response-start', id: 'msg_s', model: 'claude-sonnet-4-6' });
    expect(event?.type === 'response-start' ? event.created : 0).toBeGreaterThanOrEqual(before);
  });

  it('decodes thinking, its signature, redacted thinking and text', () => {
    const decoded = decodeAll([
      messageStart,
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Let me see.' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQB==' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'opaque' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '', citations: null } },
      { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'Done.' } },
    ]);
    expect(canonicalEvents(decoded).slice(1)).toEqual([
      { type: 'reasoning-delta', text: 'Let me see.' },
      { type: 'reasoning-signature', signature: 'EqQB==' },
      { type: 'redacted-reasoning', data: 'opaque' },
      { type: 'text-delta', text: 'Done.' },
    ]);
    expect(decoded.every((item) => item.passthrough === 'forward' && item.done === undefined)).toBe(true);
  });

  it('numbers tool calls among themselves, not by block index, and skips empty argument fragments', () => {
    const decoded = decodeAll([
      messageStart,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 't1', name: 'a', input: {}, caller: { type: 'direct' } },
      },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"k":1}' } },
      {
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 't2', name: 'b', input: {}, caller: { type: 'direct' } },
      },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{}' } },
    ]);
    expect(canonicalEvents(decoded).slice(1)).toEqual([
      { type: 'tool-call-start', index: 0, id: 't1', name: 'a' },
      { type: 'tool-call-delta', index: 0, arguments: '{"k":1}' },
      { type: 'tool-call-start', index: 1, id: 't2', name: 'b' },
      { type: 'tool-call-delta', index: 1, arguments: '{}' },
    ]);
  });

  it('keeps server tool input out of the tool-call events', () => {
    const decoded = decodeAll([
      messageStart,
      {
        type: 'content_block_start',
        index: 0,
        content_block: {
          type: 'server_tool_use',
          id: 's1',
          name: 'web_search',
          input: {},
          caller: { type: 'direct' },
        },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"query":"x"}' },
      },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 't1', name: 'a', input: {}, caller: { type: 'direct' } },
      },
    ]);
    expect(canonicalEvents(decoded).slice(1)).toEqual([
      { type: 'tool-call-start', index: 0, id: 't1', name: 'a' },
    ]);
  });

  it('gives every response its own decoder state', () => {
    const first = new AnthropicStreamDecoder();
    const second = new AnthropicStreamDecoder();
    const toolStart = sse({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: 't', name: 'a', input: {}, caller: { type: 'direct' } },
    });
    first.decode(toolStart);
    expect(first.decode(toolStart).events).toEqual([
      { type: 'tool-call-start', index: 1, id: 't', name: 'a' },
    ]);
    expect(second.decode(toolStart).events).toEqual([
      { type: 'tool-call-start', index: 0, id: 't', name: 'a' },
    ]);
  });
});

describe('AnthropicStreamDecoder: finish, usage and end', () => {
  it("combines message_start's input counts with message_delta's cumulative output", () => {
    const decoded = decodeAll([
      messageStart,
      messageDelta('end_turn', {
        output_tokens: 50,
        input_tokens: null,
        cache_creation_input_tokens: null,
        cache_read_input_tokens: null,
        output_tokens_details: { thinking_tokens: 30 },
        server_tool_use: null,
      }),
      { type: 'message_stop' },
    ]);
    expect(decoded[1]?.events).toEqual([
      {
        type: 'usage',
        usage: {
          inputTokens: 520,
          outputTokens: 50,
          cacheReadTokens: 400,
          cacheWriteTokens: 100,
          reasoningTokens: 30,
          // What Anthropic reported: message_start's usage under message_delta's non-null counts.
          reported: {
            ...messageStart.message.usage,
            output_tokens: 50,
            output_tokens_details: { thinking_tokens: 30 },
          },
        },
      },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(decoded[2]).toEqual({ events: [], passthrough: 'forward', done: true });
  });

  it('prefers input counts restated in message_delta over those of message_start', () => {
    const decoded = decodeAll([
      messageStart,
      messageDelta(
        'stop_sequence',
        { output_tokens: 9, input_tokens: 25, cache_read_input_tokens: 0 },
        'END',
      ),
    ]);
    expect(decoded[1]?.events).toEqual([
      {
        type: 'usage',
        usage: {
          inputTokens: 125,
          outputTokens: 9,
          cacheReadTokens: 0,
          cacheWriteTokens: 100,
          reported: {
            ...messageStart.message.usage,
            output_tokens: 9,
            input_tokens: 25,
            cache_read_input_tokens: 0,
          },
        },
      },
      { type: 'finish', reason: 'stop-sequence', stopSequence: 'END' },
    ]);
  });

  it('emits no usage without usage, and no finish without a stop reason', () => {
    const decoded = decodeAll([
      messageStart,
      messageDelta('end_turn', undefined),
      messageDelta(null, { output_tokens: 3 }),
    ]);
    expect(decoded[1]?.events).toEqual([{ type: 'finish', reason: 'stop' }]);
    expect(decoded[2]?.events).toEqual([
      {
        type: 'usage',
        usage: {
          inputTokens: 520,
          outputTokens: 3,
          cacheReadTokens: 400,
          cacheWriteTokens: 100,
          reported: { ...messageStart.message.usage, output_tokens: 3 },
        },
      },
    ]);
  });

  it("reads the 1-hour share of cache writes from message_start's cache_creation", () => {
    const start = structuredClone(messageStart) as unknown as {
      message: { usage: Record<string, unknown> };
    };
    start.message.usage.cache_creation = { ephemeral_5m_input_tokens: 40, ephemeral_1h_input_tokens: 60 };
    const decoded = decodeAll([start, messageDelta('end_turn', { output_tokens: 5 })]);
    expect(decoded[1]?.events[0]).toMatchObject({
      type: 'usage',
      usage: { cacheWriteTokens: 100, cacheWrite1hTokens: 60 },
    });
  });

  it("keeps message_delta's web search count, which message_start does not have yet", () => {
    const searches = { web_search_requests: 3, web_fetch_requests: 0 };
    const decoded = decodeAll([
      messageStart,
      messageDelta('end_turn', { output_tokens: 5, server_tool_use: searches }),
    ]);
    expect(decoded[1]?.events[0]).toMatchObject({ type: 'usage', usage: { webSearchRequests: 3 } });
  });

  it('reports done only on message_stop, never for a stream that was cut', () => {
    const decoded = decodeAll([
      messageStart,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'partial' } },
    ]);
    expect(decoded.some((item) => item.done === true)).toBe(false);
  });
});

describe('AnthropicStreamDecoder: pings, unknown events and errors', () => {
  it('forwards pings, unknown event types and unknown delta types without canonical events', () => {
    const decoded = decodeAll([
      { type: 'ping' },
      { type: 'content_block_future', index: 0 },
      { type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'hologram_delta', hologram: 1 } },
    ]);
    for (const item of decoded) expect(item).toEqual({ events: [], passthrough: 'forward' });
  });

  it('reads the event type from the SSE event name when the data has none', () => {
    const decoder = new AnthropicStreamDecoder();
    expect(decoder.decode({ event: 'message_stop', data: '{}' }).done).toBe(true);
  });

  it.each([
    ['overloaded_error', 'overloaded', 529],
    ['rate_limit_error', 'rate_limited', 429],
    ['api_error', 'upstream_error', 502],
    ['something_new_error', 'upstream_error', 502],
  ])('turns an error event of type %s into %s', (type, code, status) => {
    const decoder = new AnthropicStreamDecoder();
    const decoded = decoder.decode({
      event: 'error',
      data: JSON.stringify({ type: 'error', error: { type, message: 'x' } }),
    });
    expect(decoded.events).toEqual([]);
    expect(decoded.passthrough).toBe('drop');
    expect(decoded.done).toBeUndefined();
    expect(decoded.error?.code).toBe(code);
    expect(decoded.error?.status).toBe(status);
    expect(decoded.error?.upstreamType).toBe(type);
  });

  it('keeps the upstream message of a client-side error event but not of a server-side one', () => {
    const decoder = new AnthropicStreamDecoder();
    const invalid = decoder.decode({
      data: JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'bad thing' } }),
    });
    const server = decoder.decode({
      data: JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'stack trace at node 7' } }),
    });
    expect(invalid.error?.message).toBe('bad thing');
    expect(server.error?.message).not.toContain('node 7');
  });

  it('survives an error event with no error object', () => {
    const decoded = new AnthropicStreamDecoder().decode({ event: 'error', data: '{"type":"error"}' });
    expect(decoded.error?.code).toBe('upstream_error');
  });

  it.each(['{"type": "content_block_delta", ', '', 'data: {}', '[1,2]', '"message_stop"', 'null'])(
    'ends the stream with stream_interrupted for data that is not a JSON object: %j',
    (data) => {
      const decoded = new AnthropicStreamDecoder().decode({ event: 'content_block_delta', data });
      expect(decoded.events).toEqual([]);
      expect(decoded.passthrough).toBe('drop');
      expect(decoded.done).toBeUndefined();
      expect(decoded.error?.code).toBe('stream_interrupted');
    },
  );

  it.each<[string, Record<string, unknown>]>([
    ['message_start without message', { type: 'message_start' }],
    ['message_start without usage', { type: 'message_start', message: { id: 'm' } }],
    ['content_block_start without block', { type: 'content_block_start', index: 0 }],
    [
      'content_block_start without index',
      { type: 'content_block_start', content_block: { type: 'text', text: '' } },
    ],
    [
      'tool_use without id',
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', name: 'a' } },
    ],
    ['content_block_delta without delta', { type: 'content_block_delta', index: 0 }],
    ['text_delta without text', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta' } }],
    [
      'thinking_delta with a number',
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 1 } },
    ],
    [
      'signature_delta without signature',
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta' } },
    ],
    [
      'input_json_delta without json',
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta' } },
    ],
    ['message_delta without delta', { type: 'message_delta', usage: { output_tokens: 1 } }],
  ])('treats %s as an interrupted stream rather than crashing', (_name, event) => {
    const decoded = new AnthropicStreamDecoder().decode(sse(event));
    expect(decoded.error?.code).toBe('stream_interrupted');
    expect(decoded.passthrough).toBe('drop');
  });
});
