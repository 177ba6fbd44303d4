import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, it, expect } from 'vitest';
import type { StreamEvent } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import { startReplayServer } from '../../../test/support/replay-server.js';
import type { ReplayServer } from '../../../test/support/replay-server.js';
import { AnthropicStreamEncoder } from './messages-stream.js';

const options = { id: 'msg_gw1', model: 'my-alias' };
const usage = { inputTokens: 1000, outputTokens: 42, cacheReadTokens: 600, cacheWriteTokens: 300 };

interface Frame {
  event: string;
  // Frames are checked field by field against what the SDK reads; their exact types are the SDK's.

  data: Record<string, any>;
}

function encodeAll(events: StreamEvent[], encoder = new AnthropicStreamEncoder(options)): string[] {
  return [...events.map((event) => encoder.encode(event)), encoder.finish()].filter((text) => text !== '');
}

/** Parses SSE text into frames, checking each is complete and its data matches its event name. */
function frames(text: string): Frame[] {
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      const match = /^event: ([a-z_]+)\ndata: (.*)$/s.exec(frame);
      expect(match).not.toBeNull();
      const data = JSON.parse(match![2]!);
      expect(data.type).toBe(match![1]);
      return { event: match![1]!, data };
    });
}

/** The Anthropic rule: blocks open in index order, one at a time, and every delta targets the open one. */
function expectWellNested(list: Frame[]): void {
  let open: number | undefined;
  let next = 0;
  for (const { event, data } of list) {
    if (event === 'content_block_start') {
      expect(open).toBeUndefined();
      expect(data.index).toBe(next++);
      open = data.index;
    } else if (event === 'content_block_delta') {
      expect(data.index).toBe(open);
    } else if (event === 'content_block_stop') {
      expect(data.index).toBe(open);
      open = undefined;
    }
  }
  expect(open).toBeUndefined();
}

const interleavedTools: StreamEvent[] = [
  { type: 'response-start', id: 'chatcmpl-up', model: 'gpt-up', created: 1 },
  { type: 'text-delta', text: 'Checking both.' },
  { type: 'tool-call-start', index: 0, id: 'call_a', name: 'weather' },
  { type: 'tool-call-delta', index: 0, arguments: '{"city":' },
  { type: 'tool-call-start', index: 1, id: 'call_b', name: 'time' },
  { type: 'tool-call-delta', index: 1, arguments: '{"zone":' },
  { type: 'tool-call-delta', index: 0, arguments: '"Oslo"}' },
  { type: 'tool-call-start', index: 2, id: 'call_c', name: 'noop' },
  { type: 'tool-call-delta', index: 1, arguments: '"CET"}' },
  { type: 'finish', reason: 'tool-calls' },
  { type: 'usage', usage },
];

const thinkingEvents: StreamEvent[] = [
  { type: 'usage', usage: { ...usage, outputTokens: 0 } },
  { type: 'reasoning-delta', text: 'Let me ' },
  { type: 'reasoning-delta', text: 'think.' },
  { type: 'reasoning-signature', signature: 'sig-123' },
  { type: 'redacted-reasoning', data: 'opaque-bytes' },
  { type: 'text-delta', text: 'Answer.' },
  { type: 'usage', usage },
  { type: 'finish', reason: 'stop-sequence', stopSequence: '###' },
];

describe('AnthropicStreamEncoder', () => {
  it('sends message_start lazily, carrying usage known before the first content', () => {
    const encoder = new AnthropicStreamEncoder(options);
    expect(encoder.encode({ type: 'response-start', id: 'x', model: 'y', created: 1 })).toBe('');
    expect(encoder.encode({ type: 'usage', usage: { ...usage, outputTokens: 1 } })).toBe('');
    const [start, blockStart, delta] = frames(encoder.encode({ type: 'text-delta', text: 'Hi' }));
    expect(start!.data.message).toEqual({
      id: 'msg_gw1',
      type: 'message',
      role: 'assistant',
      model: 'my-alias',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: 100,
        cache_read_input_tokens: 600,
        cache_creation_input_tokens: 300,
        output_tokens: 1,
      },
    });
    expect(blockStart!.data).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    });
    expect(delta!.data).toEqual({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: 'Hi' },
    });
  });

  it('puts the input the upstream reported on its start into message_start; later usage replaces it', () => {
    const encoder = new AnthropicStreamEncoder(options);
    const started = { inputTokens: 900, outputTokens: 0, cacheReadTokens: 800, cacheWriteTokens: 0 };
    encoder.encode({ type: 'response-start', id: 'x', model: 'y', created: 1, usage: started });
    const [start] = frames(encoder.encode({ type: 'text-delta', text: 'Hi' }));
    expect(start!.data.message.usage).toMatchObject({ input_tokens: 100, cache_read_input_tokens: 800 });
    encoder.encode({ type: 'usage', usage });
    encoder.encode({ type: 'finish', reason: 'stop' });
    const delta = frames(encoder.finish()).find((frame) => frame.event === 'message_delta');
    expect(delta!.data.usage).toMatchObject({ output_tokens: 42 });
  });

  it('closes with message_delta holding stop reason and final usage, then message_stop', () => {
    const list = frames(encodeAll(thinkingEvents).join(''));
    expectWellNested(list);
    const [delta, stop] = list.slice(-2);
    expect(delta!.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'stop_sequence', stop_sequence: '###' },
      usage: {
        input_tokens: 100,
        cache_read_input_tokens: 600,
        cache_creation_input_tokens: 300,
        output_tokens: 42,
      },
    });
    expect(stop!.event).toBe('message_stop');
  });

  it('renders thinking with its signature, then redacted thinking, then text, each its own block', () => {
    const list = frames(encodeAll(thinkingEvents).join(''));
    const starts = list
      .filter((frame) => frame.event === 'content_block_start')
      .map((frame) => frame.data.content_block);
    expect(starts).toEqual([
      { type: 'thinking', thinking: '', signature: '' },
      { type: 'redacted_thinking', data: 'opaque-bytes' },
      { type: 'text', text: '' },
    ]);
    const deltas = list
      .filter((frame) => frame.event === 'content_block_delta')
      .map((frame) => frame.data.delta);
    expect(deltas).toEqual([
      { type: 'thinking_delta', thinking: 'Let me ' },
      { type: 'thinking_delta', thinking: 'think.' },
      { type: 'signature_delta', signature: 'sig-123' },
      { type: 'text_delta', text: 'Answer.' },
    ]);
  });

  it('never interleaves blocks: parallel tool calls are held back and replayed in order', () => {
    const list = frames(encodeAll(interleavedTools).join(''));
    expectWellNested(list);
    const blocks = list
      .filter((frame) => frame.event === 'content_block_start')
      .map((frame) => frame.data.content_block);
    expect(blocks).toEqual([
      { type: 'text', text: '' },
      { type: 'tool_use', id: 'call_a', name: 'weather', input: {} },
      { type: 'tool_use', id: 'call_b', name: 'time', input: {} },
      { type: 'tool_use', id: 'call_c', name: 'noop', input: {} },
    ]);
    const json = (index: number) =>
      list
        .filter((frame) => frame.event === 'content_block_delta' && frame.data.index === index)
        .map((frame) => frame.data.delta.partial_json)
        .join('');
    expect(json(1)).toBe('{"city":"Oslo"}');
    expect(json(2)).toBe('{"zone":"CET"}');
    expect(json(3)).toBe('');
    expect(list.at(-2)!.data.delta.stop_reason).toBe('tool_use');
  });

  it('streams the first tool call as it comes rather than holding it', () => {
    const encoder = new AnthropicStreamEncoder(options);
    encoder.encode({ type: 'tool-call-start', index: 0, id: 'call_a', name: 'f' });
    const list = frames(encoder.encode({ type: 'tool-call-delta', index: 0, arguments: '{"a":1}' }));
    expect(list).toEqual([
      {
        event: 'content_block_delta',
        data: {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'input_json_delta', partial_json: '{"a":1}' },
        },
      },
    ]);
  });

  it('holds text that comes during tool calls and sends it after them, keeping the calls in order', () => {
    const list = frames(
      encodeAll([
        { type: 'tool-call-start', index: 0, id: 'a', name: 'f' },
        { type: 'tool-call-start', index: 1, id: 'b', name: 'g' },
        { type: 'text-delta', text: 'between' },
        { type: 'tool-call-start', index: 2, id: 'c', name: 'h' },
        { type: 'tool-call-delta', index: 2, arguments: '{}' },
        { type: 'text-delta', text: ' and after' },
      ]).join(''),
    );
    expectWellNested(list);
    const order = list
      .filter((frame) => frame.event === 'content_block_start')
      .map((frame) => frame.data.content_block.id ?? frame.data.content_block.type);
    expect(order).toEqual(['a', 'b', 'c', 'text']);
    expect(list.find((frame) => frame.data.delta?.type === 'text_delta')!.data.delta.text).toBe(
      'between and after',
    );
  });

  it('keeps a call whole when text (a newline) comes between its argument fragments', () => {
    const list = frames(
      encodeAll([
        { type: 'text-delta', text: 'Looking.' },
        { type: 'tool-call-start', index: 0, id: 'a', name: 'weather' },
        { type: 'text-delta', text: '\n' },
        { type: 'tool-call-delta', index: 0, arguments: '{"city":' },
        { type: 'text-delta', text: ' ' },
        { type: 'tool-call-delta', index: 0, arguments: '"Oslo"}' },
        { type: 'finish', reason: 'tool-calls' },
      ]).join(''),
    );
    expectWellNested(list);
    const blocks = list
      .filter((frame) => frame.event === 'content_block_start')
      .map((frame) => frame.data.content_block.type);
    // Whitespace alone held during the call is dropped, not sent as a block of its own.
    expect(blocks).toEqual(['text', 'tool_use']);
    const json = list
      .filter((frame) => frame.data.delta?.type === 'input_json_delta')
      .map((frame) => frame.data.delta.partial_json)
      .join('');
    expect(json).toBe('{"city":"Oslo"}');
  });

  it('refuses tool deltas it cannot place instead of dropping them silently', () => {
    const encoder = new AnthropicStreamEncoder(options);
    expect(() => encoder.encode({ type: 'tool-call-delta', index: 4, arguments: '{}' })).toThrow(
      GatewayError,
    );
    encoder.encode({ type: 'tool-call-start', index: 0, id: 'a', name: 'f' });
    expect(() => encoder.encode({ type: 'tool-call-start', index: 0, id: 'a', name: 'f' })).toThrow(/twice/);
    encoder.encode({ type: 'reasoning-delta', text: 'closes the tool block' });
    expect(() => encoder.encode({ type: 'tool-call-delta', index: 0, arguments: '1' })).toThrow(
      /outside its block/,
    );
  });

  it('marks a streamed OpenAI refusal with the refusal stop reason', () => {
    const list = frames(
      encodeAll([
        { type: 'refusal-delta', text: 'No.' },
        { type: 'finish', reason: 'stop' },
      ]).join(''),
    );
    expect(list.at(-2)!.data.delta.stop_reason).toBe('refusal');
    expect(list.some((frame) => frame.data.delta?.text === 'No.')).toBe(true);
  });

  it('still sends a complete message for an empty stream', () => {
    const list = frames(encodeAll([{ type: 'finish', reason: 'stop' }]).join(''));
    expect(list.map((frame) => frame.event)).toEqual(['message_start', 'message_delta', 'message_stop']);
    expect(list[1]!.data.usage).toEqual({ output_tokens: 0 });
  });

  it('ends a failed stream with one error event and nothing after it', () => {
    const encoder = new AnthropicStreamEncoder(options);
    encoder.encode({ type: 'text-delta', text: 'partial' });
    const list = frames(encoder.error(new GatewayError('overloaded', 'Overloaded.')));
    expect(list).toEqual([
      {
        event: 'error',
        data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded.' } },
      },
    ]);
    expect(encoder.finish()).toBe('');
    expect(encoder.encode({ type: 'text-delta', text: 'late' })).toBe('');
  });
});

describe('AnthropicStreamEncoder through the official Anthropic SDK', () => {
  let server: ReplayServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function client(body: string[]): Promise<Anthropic> {
    server = await startReplayServer(() => ({ body }));
    return new Anthropic({ baseURL: server.origin, apiKey: 'x', maxRetries: 0 });
  }

  const params = { model: 'my-alias', max_tokens: 100, messages: [{ role: 'user' as const, content: 'Hi' }] };

  it('accumulates text and interleaved tool calls into the final message', async () => {
    const anthropic = await client(encodeAll(interleavedTools));
    const message = await anthropic.messages.stream(params).finalMessage();
    expect(message.id).toBe('msg_gw1');
    expect(message.content).toEqual([
      { type: 'text', text: 'Checking both.' },
      { type: 'tool_use', id: 'call_a', name: 'weather', input: { city: 'Oslo' } },
      { type: 'tool_use', id: 'call_b', name: 'time', input: { zone: 'CET' } },
      { type: 'tool_use', id: 'call_c', name: 'noop', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({
      input_tokens: 100,
      cache_read_input_tokens: 600,
      cache_creation_input_tokens: 300,
      output_tokens: 42,
    });
  });

  it('reports web searches in message_delta, where the SDK reads them into the final usage', async () => {
    const searched: StreamEvent[] = [
      { type: 'response-start', id: 'msg_up', model: 'claude-up', created: 1 },
      { type: 'text-delta', text: 'Fresh news.' },
      { type: 'usage', usage: { ...usage, webSearchRequests: 3 } },
      { type: 'finish', reason: 'stop' },
    ];
    const delta = frames(encodeAll(searched).join('')).find((frame) => frame.event === 'message_delta');
    expect(delta!.data.usage.server_tool_use).toEqual({ web_search_requests: 3 });
    const anthropic = await client(encodeAll(searched));
    const message = await anthropic.messages.stream(params).finalMessage();
    expect(message.usage.server_tool_use?.web_search_requests).toBe(3);
  });

  it('accumulates thinking with its signature', async () => {
    const anthropic = await client(encodeAll(thinkingEvents));
    const message = await anthropic.messages.stream(params).finalMessage();
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Let me think.', signature: 'sig-123' },
      { type: 'redacted_thinking', data: 'opaque-bytes' },
      { type: 'text', text: 'Answer.' },
    ]);
    expect(message.stop_sequence).toBe('###');
  });

  it('makes the SDK throw with the error type when the stream ends with an error event', async () => {
    const encoder = new AnthropicStreamEncoder(options);
    const anthropic = await client([
      encoder.encode({ type: 'text-delta', text: 'partial' }),
      encoder.error(new GatewayError('overloaded', 'The upstream is overloaded.')),
    ]);
    const stream = anthropic.messages.stream(params);
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const failure = await stream.finalMessage().catch((error: unknown) => error);
    expect(texts).toEqual(['partial']);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    const apiError = failure as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.type).toBe('overloaded_error');
    expect(apiError.message).toContain('The upstream is overloaded.');
  });
});
