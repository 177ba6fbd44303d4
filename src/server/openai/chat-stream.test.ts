import OpenAI from 'openai';
import { afterEach, describe, it, expect } from 'vitest';
import type { StreamEvent } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import { OpenAIStreamEncoder } from './chat-stream.js';
import { startReplayServer } from '../../../test/support/replay-server.js';
import type { ReplayServer } from '../../../test/support/replay-server.js';

const options = { id: 'chatcmpl-abc', model: 'my-alias', created: 1_700_000_000, includeUsage: true };
const usage = {
  inputTokens: 50,
  outputTokens: 7,
  cacheReadTokens: 20,
  cacheWriteTokens: 0,
  reasoningTokens: 2,
};

/** Every event's frames, then the end: the SSE text the server would write. */
function encodeAll(events: StreamEvent[], encoder = new OpenAIStreamEncoder(options)): string[] {
  return [...events.map((event) => encoder.encode(event)), encoder.finish()].filter((text) => text !== '');
}

/** The data payloads of a stream's frames, checking each frame is complete. */
function payloads(text: string): string[] {
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      expect(frame.startsWith('data: ')).toBe(true);
      return frame.slice('data: '.length);
    });
}

const textEvents: StreamEvent[] = [
  { type: 'response-start', id: 'upstream-id', model: 'upstream-model', created: 1 },
  { type: 'text-delta', text: 'Hel' },
  { type: 'text-delta', text: '' },
  { type: 'text-delta', text: 'lo "world"\n' },
  { type: 'finish', reason: 'stop' },
  { type: 'usage', usage },
];

const toolEvents: StreamEvent[] = [
  { type: 'text-delta', text: 'Let me check.' },
  { type: 'tool-call-start', index: 0, id: 'call_a', name: 'weather' },
  { type: 'tool-call-start', index: 1, id: 'call_b', name: 'time' },
  { type: 'tool-call-delta', index: 0, arguments: '{"city":' },
  { type: 'tool-call-delta', index: 1, arguments: '{"zone":"CET"}' },
  { type: 'tool-call-delta', index: 0, arguments: '"Oslo"}' },
  { type: 'finish', reason: 'tool-calls' },
  { type: 'usage', usage },
];

describe('OpenAIStreamEncoder', () => {
  it('writes chunks with the gateway id and model, role on the first, usage and [DONE] last', () => {
    const data = payloads(encodeAll(textEvents).join(''));
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((text) => JSON.parse(text));
    expect(chunks).toHaveLength(4);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({
        id: 'chatcmpl-abc',
        object: 'chat.completion.chunk',
        created: 1_700_000_000,
        model: 'my-alias',
      });
    }
    expect(chunks[0].choices[0]).toEqual({
      index: 0,
      delta: { role: 'assistant', content: 'Hel' },
      logprobs: null,
      finish_reason: null,
    });
    expect(chunks[0].usage).toBeNull();
    expect(chunks[1].choices[0].delta).toEqual({ content: 'lo "world"\n' });
    expect(chunks[2].choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks[3]).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 50,
        completion_tokens: 7,
        total_tokens: 57,
        prompt_tokens_details: { cached_tokens: 20 },
      },
    });
  });

  it('leaves usage out entirely when the client did not ask for it', () => {
    const text = encodeAll(textEvents, new OpenAIStreamEncoder({ ...options, includeUsage: false })).join('');
    expect(text).not.toContain('usage');
    expect(payloads(text)).toHaveLength(4);
  });

  it('gives each tool call its index, and id, type and name only on its first delta', () => {
    const encoder = new OpenAIStreamEncoder(options);
    const start = JSON.parse(payloads(encoder.encode(toolEvents[1]!))[0]!);
    const delta = JSON.parse(payloads(encoder.encode(toolEvents[3]!))[0]!);
    expect(start.choices[0].delta).toEqual({
      role: 'assistant',
      tool_calls: [
        { index: 0, id: 'call_a', type: 'function', function: { name: 'weather', arguments: '' } },
      ],
    });
    expect(delta.choices[0].delta).toEqual({
      tool_calls: [{ index: 0, function: { arguments: '{"city":' } }],
    });
  });

  it('ends a stream with a finish reason even when the upstream gave none', () => {
    const encoder = new OpenAIStreamEncoder({ ...options, includeUsage: false });
    encoder.encode({ type: 'text-delta', text: 'x' });
    const data = payloads(encoder.finish());
    expect(JSON.parse(data[0]!).choices[0].finish_reason).toBe('stop');
    expect(data[1]).toBe('[DONE]');
  });

  it('ends a failed stream with an error event and never [DONE]', () => {
    const encoder = new OpenAIStreamEncoder(options);
    encoder.encode({ type: 'text-delta', text: 'partial' });
    const text = encoder.error(new GatewayError('stream_interrupted', 'The upstream stream broke off.'));
    expect(JSON.parse(payloads(text)[0]!)).toEqual({
      error: {
        message: 'The upstream stream broke off.',
        type: 'server_error',
        param: null,
        code: 'stream_interrupted',
      },
    });
    expect(encoder.finish()).toBe('');
    expect(encoder.encode({ type: 'text-delta', text: 'late' })).toBe('');
  });

  it('escapes hostile ids and model names rather than breaking the JSON', () => {
    const encoder = new OpenAIStreamEncoder({ ...options, id: 'a"b\n\nc', model: '\u2028m"' });
    const chunk = JSON.parse(payloads(encoder.encode({ type: 'text-delta', text: 'x' }))[0]!);
    expect(chunk).toMatchObject({ id: 'a"b\n\nc', model: '\u2028m"' });
  });
});

describe('OpenAIStreamEncoder through the official openai SDK', () => {
  let server: ReplayServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function client(frames: string[]): Promise<OpenAI> {
    return startReplayServer(() => ({ body: frames })).then((started) => {
      server = started;
      return new OpenAI({ baseURL: started.baseURL, apiKey: 'x', maxRetries: 0 });
    });
  }

  it('is read chunk by chunk, usage included', async () => {
    const openai = await client(encodeAll(textEvents));
    const stream = await openai.chat.completions.create({
      model: 'my-alias',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let lastUsage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      lastUsage = chunk.usage;
    }
    expect(text).toBe('Hello "world"\n');
    expect(lastUsage).toMatchObject({ prompt_tokens: 50, completion_tokens: 7, total_tokens: 57 });
  });

  it('accumulates interleaved parallel tool calls into a final completion', async () => {
    const openai = await client(encodeAll(toolEvents));
    const completion = await openai.chat.completions
      .stream({ model: 'my-alias', messages: [{ role: 'user', content: 'Weather?' }] })
      .finalChatCompletion();
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBe('Let me check.');
    expect(choice.message.tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
      { id: 'call_b', type: 'function', function: { name: 'time', arguments: '{"zone":"CET"}' } },
    ]);
    expect(completion.usage?.prompt_tokens).toBe(50);
  });

  it('makes the SDK throw when the stream ends with an error event', async () => {
    const encoder = new OpenAIStreamEncoder(options);
    const frames = [
      encoder.encode({ type: 'text-delta', text: 'partial' }),
      encoder.error(new GatewayError('upstream_error', 'The upstream failed mid-stream.')),
    ];
    const openai = await client(frames);
    const stream = await openai.chat.completions.create({
      model: 'my-alias',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((error: unknown) => error);
    expect(seen).toEqual(['partial']);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).message).toContain(
      'The upstream failed mid-stream.',
    );
    expect((failure as InstanceType<typeof OpenAI.APIError>).type).toBe('server_error');
  });
});
