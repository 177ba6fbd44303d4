// The official openai SDK against the gateway in front of an OpenAI-dialect mock: bodies pass
// through with only the model changed, streams are faithful, errors keep their shape.

import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { completion, interleavedToolCalls, textStream } from './fixtures/openai-wire.js';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';
import { openaiClient } from './support/sdk-clients.js';

const suite = mockGatewaySuite();
let client: OpenAI;

beforeAll(() => {
  client = openaiClient(suite.gateway);
});

describe('non-streaming', () => {
  it('forwards unknown request fields and returns unknown response fields untouched', async () => {
    const answer = completion();
    (answer.choices[0]!.message as unknown as Record<string, unknown>).future_field = { kept: true };
    suite.openai.reply({ kind: 'json', body: answer });
    const result = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      reasoning_effort: 'low',
      service_tier: 'flex',
      // @ts-expect-error a field no SDK knows yet must still reach the provider
      brand_new_option: { nested: [1, 2] },
    });
    const sent = suite.openai.last.body;
    expect(sent.model).toBe('gpt-4o-mini-2024-07-18');
    expect(sent.reasoning_effort).toBe('low');
    expect(sent.service_tier).toBe('flex');
    expect(sent.brand_new_option).toEqual({ nested: [1, 2] });
    expect(suite.openai.last.headers.authorization).toBe('Bearer upstream-openai-key');
    expect(result.choices[0]?.message.content).toBe('Hello there.');
    expect(result.choices[0]?.message.refusal).toBeNull();
    expect((result.choices[0]?.message as unknown as Record<string, unknown>).future_field).toEqual({
      kept: true,
    });
    expect(result.usage?.prompt_tokens_details?.cached_tokens).toBe(1000);
  });

  it('returns a request id the SDK exposes', async () => {
    suite.openai.reply({ kind: 'json', body: completion() });
    const { response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
  });
});

describe('streaming', () => {
  it('streams text and strips the usage chunk the client did not ask for', async () => {
    suite.openai.reply({ kind: 'sse', events: textStream(['Hel', 'lo']) });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const chunks = [];
    for await (const part of stream) chunks.push(part);
    expect(suite.openai.last.body.stream_options).toEqual({ include_usage: true });
    expect(chunks.map((part) => part.choices[0]?.delta.content ?? '').join('')).toBe('Hello');
    expect(chunks.some((part) => part.usage)).toBe(false);
  });

  it('keeps the usage chunk when the client asked for it', async () => {
    suite.openai.reply({ kind: 'sse', events: textStream(['a']) });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const part of stream) chunks.push(part);
    expect(chunks.at(-1)?.usage?.prompt_tokens).toBe(12);
  });

  it('relays parallel tool call deltas with their indices', async () => {
    suite.openai.reply({
      kind: 'sse',
      events: interleavedToolCalls(),
    });
    const stream = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'weather and time' }],
      tools: [
        { type: 'function', function: { name: 'weather', parameters: { type: 'object' } } },
        { type: 'function', function: { name: 'time', parameters: { type: 'object' } } },
      ],
    });
    const final = await stream.finalChatCompletion();
    const calls = final.choices[0]?.message.tool_calls ?? [];
    expect(
      calls.map((call) => call.type === 'function' && [call.id, call.function.name, call.function.arguments]),
    ).toEqual([
      ['call_a', 'weather', '{"city":"Oslo"}'],
      ['call_b', 'time', '{"zone":"UTC"}'],
    ]);
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
  });
});

describe('errors', () => {
  it('relays an upstream 400 with its message, without retrying', async () => {
    suite.openai.reply({
      kind: 'json',
      status: 400,
      body: {
        error: {
          message: "Invalid value for 'temperature'.",
          type: 'invalid_request_error',
          param: 'temperature',
          code: null,
        },
      },
    });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toContain(
      "Invalid value for 'temperature'",
    );
    expect(suite.openai.requests).toHaveLength(1);
  });

  it('retries a 429 itself, then tells the SDK not to retry again', async () => {
    const limited = {
      kind: 'json',
      status: 429,
      headers: { 'retry-after': '0' },
      body: {
        error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' },
      },
    } as const;
    suite.openai.reply(limited, limited, limited);
    const { error, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .then(() => ({ error: undefined, response: undefined }))
      .catch((caught: InstanceType<typeof OpenAI.APIError>) => ({ error: caught, response: caught.headers }));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(response?.get('x-should-retry')).toBe('false');
    expect(response?.get('retry-after')).toMatch(/^\d+$/);
    expect(suite.openai.requests).toHaveLength(3);
  });

  it('succeeds when a retry after a 500 succeeds', async () => {
    suite.openai.reply(
      {
        kind: 'json',
        status: 500,
        body: { error: { message: 'boom', type: 'server_error', param: null, code: null } },
      },
      { kind: 'json', body: completion() },
    );
    const result = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(result.choices[0]?.message.content).toBe('Hello there.');
    expect(suite.openai.requests).toHaveLength(2);
  });

  it('answers an unknown model with a 404 that lists the served models', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-nonexistent', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as Error).message).toContain('gpt-4o-mini');
    expect(suite.openai.requests).toHaveLength(0);
  });

  it('rejects a missing or wrong key with 401 before any upstream call', async () => {
    const wrong = new OpenAI({
      baseURL: `${suite.gateway.url}/v1`,
      apiKey: 'sy-not-a-real-key',
      maxRetries: 0,
    });
    const error = await wrong.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(suite.openai.requests).toHaveLength(0);
  });
});

describe('models and embeddings', () => {
  it('lists the served models in OpenAI shape', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(expect.arrayContaining(['gpt-4o-mini', 'claude-haiku', 'text-embedding-3-small']));
  });

  it('retrieves one served model, and answers an unknown one with a 404 the SDK raises', async () => {
    const model = await client.models.retrieve('claude-haiku');
    expect(model).toMatchObject({ id: 'claude-haiku', object: 'model', owned_by: 'anthropic' });
    expect(typeof model.created).toBe('number');
    await expect(client.models.retrieve('no-such-model')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    // The SDK percent-encodes the id; a slash in it is read back.
    await expect(client.models.retrieve('team/a')).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('"team/a"'),
    });
  });

  it('returns embeddings the SDK decodes from base64 (its default) and as floats', async () => {
    const vectors = [
      [0.25, -1.5, 3.125],
      [1e-3, 2, -0.5],
    ];
    const upstream = {
      object: 'list',
      model: 'text-embedding-3-small',
      data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
      usage: { prompt_tokens: 4, total_tokens: 4 },
    };
    suite.openai.reply({ kind: 'json', body: upstream }, { kind: 'json', body: upstream });
    const viaBase64 = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    expect(suite.openai.last.body.encoding_format).toBe('float');
    expect(viaBase64.data.map((item) => Array.from(item.embedding))).toEqual(
      vectors.map((vector) => vector.map((value) => Math.fround(value))),
    );
    const viaFloat = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'a',
      encoding_format: 'float',
    });
    expect(viaFloat.data[0]?.embedding).toEqual(vectors[0]);
  });
});
