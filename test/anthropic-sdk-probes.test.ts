// The official Anthropic SDK through the gateway: upstream errors as SDK error classes, tool choice
// and stop sequences across dialects, event order, refusals, cut streams, aborts, thinking, beta
// headers. Anthropic behaviour checked against
// https://docs.anthropic.com/en/api/messages, .../en/docs/build-with-claude/streaming and .../en/api/errors.

import Anthropic from '@anthropic-ai/sdk';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import * as aw from './fixtures/anthropic-wire.js';
import { chunk, completion, done, sse, textStream, usageChunk } from './fixtures/openai-wire.js';
import type { MockUpstream, Reply } from './support/mock-upstream.js';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';
import { anthropicClient } from './support/sdk-clients.js';

const suite = mockGatewaySuite();
let client: Anthropic;

beforeAll(() => {
  client = anthropicClient(suite.gateway);
});

const hi: Anthropic.MessageParam[] = [{ role: 'user', content: 'hi' }];
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as InstanceType<typeof Anthropic.APIError>,
  );

describe('cross dialect: OpenAI upstream errors as Anthropic SDK errors', () => {
  it('a 429 with retry-after is a RateLimitError, rate_limit_error, with retry-after and request-id', async () => {
    const limited = {
      kind: 'json',
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
    } as const;
    suite.openai.reply(limited, limited, limited);
    const error = await failure(
      client.messages.create({ model: 'gpt-4o-mini', max_tokens: 10, messages: hi }),
    );
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error?.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(error?.headers?.get('retry-after')).toBe('1');
    expect(error?.headers?.get('x-should-retry')).toBe('false');
    expect(error?.requestID).toMatch(/^req_/);
  });

  it('a 400 is a BadRequestError carrying the upstream message; a 500 an InternalServerError', async () => {
    suite.openai.reply({
      kind: 'json',
      status: 400,
      body: {
        error: { message: "Invalid 'messages[0]'", type: 'invalid_request_error', param: null, code: null },
      },
    });
    const bad = await failure(client.messages.create({ model: 'gpt-4o-mini', max_tokens: 10, messages: hi }));
    expect(bad).toBeInstanceOf(Anthropic.BadRequestError);
    expect(bad?.error).toMatchObject({
      error: { type: 'invalid_request_error', message: "Invalid 'messages[0]'" },
    });
    const boom = {
      kind: 'json',
      status: 500,
      body: { error: { message: 'boom', type: 'server_error' } },
    } as const;
    suite.openai.reply(boom, boom, boom);
    const server = await failure(
      client.messages.create({ model: 'gpt-4o-mini', max_tokens: 10, messages: hi }),
    );
    expect(server).toBeInstanceOf(Anthropic.InternalServerError);
    expect(server?.error).toMatchObject({ error: { type: 'api_error' } });
  });

  it('an unknown model is a NotFoundError naming what is served', async () => {
    const error = await failure(client.messages.create({ model: 'nope', max_tokens: 10, messages: hi }));
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect(error?.message).toContain('Served: gpt-4o-mini, claude-haiku');
  });
});

describe('cross dialect: requests and streams', () => {
  it('maps tool_choice any + disable_parallel_tool_use, metadata.user_id, stop_sequences, and length → max_tokens', async () => {
    suite.openai.reply({
      kind: 'json',
      body: completion({
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'abc', refusal: null },
            finish_reason: 'length',
            logprobs: null,
          },
        ],
      } as never),
    });
    const result = await client.messages.create({
      model: 'gpt-4o-mini',
      max_tokens: 3,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
      tools: [{ name: 'weather', input_schema: { type: 'object' } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      messages: hi,
    });
    expect(suite.openai.last.body).toMatchObject({
      stop: ['END'],
      user: 'user-42',
      tool_choice: 'required',
      parallel_tool_calls: false,
      max_completion_tokens: 3,
    });
    expect(result.stop_reason).toBe('max_tokens');
  });

  it('streams the documented event order with usage on message_delta and a request-id header', async () => {
    suite.openai.reply({ kind: 'sse', events: textStream(['Hel', 'lo']) });
    const { data, response } = await client.messages
      .create({ model: 'gpt-4o-mini', max_tokens: 10, messages: hi, stream: true })
      .withResponse();
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const events: Anthropic.RawMessageStreamEvent[] = [];
    for await (const event of data) events.push(event);
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const delta = events[5] as Anthropic.RawMessageDeltaEvent;
    expect(delta.delta.stop_reason).toBe('end_turn');
    expect(delta.usage).toMatchObject({ input_tokens: 12, output_tokens: 3 });
  });

  it('turns an OpenAI refusal into stop_reason refusal', async () => {
    suite.openai.reply({
      kind: 'sse',
      events: [
        sse(chunk({ role: 'assistant', refusal: "I can't help with that." } as never)),
        sse(chunk({}, 'stop')),
        sse(usageChunk(10, 5)),
        done,
      ],
    });
    const final = await client.messages
      .stream({ model: 'gpt-4o-mini', max_tokens: 10, messages: hi })
      .finalMessage();
    expect(final.stop_reason).toBe('refusal');
    expect(final.content).toEqual([
      expect.objectContaining({ type: 'text', text: "I can't help with that." }),
    ]);
  });

  it('makes the SDK stream helper throw when the OpenAI stream is cut after content', async () => {
    suite.openai.reply({ kind: 'sse', events: textStream(['a', 'b']).slice(0, 3), cut: true });
    const error = await failure(
      client.messages.stream({ model: 'gpt-4o-mini', max_tokens: 10, messages: hi }).finalMessage(),
    );
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error?.error).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });
});

describe('abort from the SDK stream helper', () => {
  async function abortAfterFirstText(model: string, mock: MockUpstream): Promise<void> {
    const stream = client.messages.stream({ model, max_tokens: 10, messages: hi });
    const settled = stream.done().catch(() => undefined);
    await new Promise<void>((resolve) => stream.on('text', () => resolve()));
    stream.abort();
    await settled;
    for (let waited = 0; waited < 2000 && mock.aborted === 0; waited += 20) await sleep(20);
    expect(mock.aborted).toBe(1);
  }

  it('stream.abort() cancels an Anthropic upstream (same dialect)', async () => {
    suite.anthropic.reply({ kind: 'sse', events: aw.textStream(['a', 'b']).slice(0, 4), stallMs: 5000 });
    await abortAfterFirstText('claude-haiku', suite.anthropic);
  });

  it('stream.abort() cancels an OpenAI upstream (cross dialect)', async () => {
    suite.openai.reply({ kind: 'sse', events: textStream(['a']).slice(0, 2), stallMs: 5000 });
    await abortAfterFirstText('gpt-4o-mini', suite.openai);
  });
});

describe('same dialect', () => {
  it('streams thinking with signature_delta and redacted_thinking; the SDK assembles signed blocks', async () => {
    suite.anthropic.reply({
      kind: 'sse',
      events: [
        aw.messageStart(),
        aw.event({
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'thinking', thinking: '', signature: '' },
        }),
        aw.event({
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'thinking_delta', thinking: 'Let me think' },
        }),
        aw.event({
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'signature_delta', signature: 'EqQBCgIYAhIM' },
        }),
        aw.event({ type: 'content_block_stop', index: 0 }),
        aw.event({
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'redacted_thinking', data: 'EmwKAhgB' },
        }),
        aw.event({ type: 'content_block_stop', index: 1 }),
        ...aw.textBlock(2, ['Answer']),
        ...aw.messageEnd('end_turn', 9),
      ],
    });
    const final = await client.messages
      .stream({
        model: 'claude-haiku',
        max_tokens: 2048,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        messages: hi,
      })
      .finalMessage();
    expect(final.content).toEqual([
      { type: 'thinking', thinking: 'Let me think', signature: 'EqQBCgIYAhIM' },
      { type: 'redacted_thinking', data: 'EmwKAhgB' },
      expect.objectContaining({ type: 'text', text: 'Answer' }),
    ]);
  });

  it('keeps stop_reason stop_sequence and the matched stop_sequence in a stream', async () => {
    suite.anthropic.reply({
      kind: 'sse',
      events: [
        aw.messageStart(),
        ...aw.textBlock(0, ['x']),
        aw.event({
          type: 'message_delta',
          delta: { stop_reason: 'stop_sequence', stop_sequence: 'END', container: null },
          usage: { output_tokens: 3 },
        } as never),
        aw.event({ type: 'message_stop' }),
      ],
    });
    const final = await client.messages
      .stream({ model: 'claude-haiku', max_tokens: 10, stop_sequences: ['END'], messages: hi })
      .finalMessage();
    expect(final.stop_reason).toBe('stop_sequence');
    expect(final.stop_sequence).toBe('END');
    expect(suite.anthropic.last.body.stop_sequences).toEqual(['END']);
  });

  it('retries an overloaded error event that comes before any content, then raises OverloadedError 529', async () => {
    const overloaded: Reply = {
      kind: 'sse',
      events: [aw.messageStart(), aw.overloadedEvent],
    };
    suite.anthropic.reply(overloaded, overloaded, overloaded);
    const error = await failure(
      client.messages.stream({ model: 'claude-haiku', max_tokens: 10, messages: hi }).finalMessage(),
    );
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error?.status).toBe(529);
    expect(error?.error).toMatchObject({ error: { type: 'overloaded_error' } });
    expect(suite.anthropic.requests).toHaveLength(3);
  });

  it('accepts the key as authToken (Authorization: Bearer) and forwards beta.messages betas', async () => {
    suite.anthropic.reply({ kind: 'json', body: aw.message() });
    const bearer = new Anthropic({
      baseURL: suite.gateway.url,
      authToken: suite.gateway.key,
      apiKey: null,
      maxRetries: 0,
    });
    await bearer.beta.messages.create({
      model: 'claude-haiku',
      max_tokens: 10,
      betas: ['context-1m-2025-08-07', 'interleaved-thinking-2025-05-14'],
      messages: hi,
    });
    expect(suite.anthropic.last.path).toBe('/v1/messages');
    expect(suite.anthropic.last.headers['anthropic-beta']).toBe(
      'context-1m-2025-08-07,interleaved-thinking-2025-05-14',
    );
    expect(suite.anthropic.last.headers.authorization).toBeUndefined();
    expect(suite.anthropic.last.headers['x-api-key']).toBe('upstream-anthropic-key');
  });
});
