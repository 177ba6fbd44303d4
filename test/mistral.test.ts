// Mistral behind the gateway, driven by both official clients: text, streams with usage, tool calls
// over two turns (tool-call ids Mistral accepts), JSON output, errors (429, 422), a stream cut,
// and embeddings. The mock enforces Mistral's own request rules, so a wrong field fails loudly.

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { toMistralToolCallId } from '../src/providers/mistral/request.js';
import {
  mistralChunk,
  mistralCompletion,
  mistralDone,
  mistralEmbeddings,
  mistralError,
  mistralTextStream,
  startMistralUpstream,
} from './support/mistral-upstream.js';
import { providerSuite } from './support/provider-suite.js';

const upstreamKey = 'mk-upstream-e2e-0001';
const suite = providerSuite(
  (mockUrl) => `
providers:
  mistral:
    type: mistral
    baseUrl: ${mockUrl}/v1
    apiKey: ${upstreamKey}
defaults:
  retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 5 }
models:
  mistral-small:
    targets: [{ provider: mistral, model: mistral-small-latest }]
  mistral-embed:
    kind: embeddings
    targets: [{ provider: mistral }]
`,
  () => startMistralUpstream([upstreamKey]),
);

const weatherTool = {
  type: 'function' as const,
  function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('OpenAI client, Mistral model', () => {
  it('sends a Mistral body and answers text with usage', async () => {
    suite.mock.reply({
      kind: 'json',
      body: mistralCompletion({ role: 'assistant', content: 'Bonjour.' }, 'stop', {
        prompt_tokens: 1200,
        completion_tokens: 4,
        total_tokens: 1204,
        prompt_tokens_details: { cached_tokens: 1024 },
      }),
    });
    const result = await suite.openai.chat.completions.create({
      model: 'mistral-small',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello', name: 'ada' },
      ],
      max_completion_tokens: 50,
      seed: 11,
      user: 'end-user-1',
    });
    const received = suite.mock.last;
    expect(received.path).toBe('/v1/chat/completions');
    expect(received.headers.authorization).toBe(`Bearer ${upstreamKey}`);
    expect(received.body).toEqual({
      model: 'mistral-small-latest',
      stream: false,
      max_tokens: 50,
      random_seed: 11,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
    });
    expect(result.model).toBe('mistral-small');
    expect(result.choices[0]?.message.content).toBe('Bonjour.');
    expect(result.choices[0]?.finish_reason).toBe('stop');
    expect(result.usage).toMatchObject({
      prompt_tokens: 1200,
      completion_tokens: 4,
      prompt_tokens_details: { cached_tokens: 1024 },
    });
  });

  it('streams text and the usage Mistral sends unasked on its last chunk', async () => {
    suite.mock.reply({
      kind: 'sse',
      events: mistralTextStream(['Hel', 'lo!'], {
        prompt_tokens: 12,
        completion_tokens: 3,
        total_tokens: 15,
      }),
    });
    const stream = suite.openai.chat.completions.stream({
      model: 'mistral-small',
      messages: [{ role: 'user', content: 'hi' }],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(suite.mock.last.body.stream).toBe(true);
    expect(suite.mock.last.body).not.toHaveProperty('stream_options');
    expect(final.choices[0]?.message.content).toBe('Hello!');
    expect(final.choices[0]?.finish_reason).toBe('stop');
    expect(final.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 });
  });

  it('carries a tool call over two turns with ids Mistral accepts', async () => {
    suite.mock.reply({
      kind: 'json',
      body: mistralCompletion(
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            {
              id: 'D681PevKs',
              type: 'function',
              function: { name: 'weather', arguments: '{"city": "Oslo"}' },
            },
          ],
        },
        'tool_calls',
      ),
    });
    const first = await suite.openai.chat.completions.create({
      model: 'mistral-small',
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [weatherTool],
      tool_choice: 'required',
      parallel_tool_calls: false,
    });
    expect(suite.mock.last.body).toMatchObject({ tool_choice: 'any', parallel_tool_calls: false });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call).toMatchObject({
      id: 'D681PevKs',
      function: { name: 'weather', arguments: '{"city": "Oslo"}' },
    });

    suite.mock.reply({
      kind: 'json',
      body: mistralCompletion({ role: 'assistant', content: 'Sunny in both.' }),
    });
    const second = await suite.openai.chat.completions.create({
      model: 'mistral-small',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Oslo and Bergen?' },
        // An earlier turn answered by another provider: its id is not a Mistral id.
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_bergen_42',
              type: 'function',
              function: { name: 'weather', arguments: '{"city":"Bergen"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_bergen_42', content: 'Sunny' },
        { role: 'assistant', content: null, tool_calls: [call!] },
        { role: 'tool', tool_call_id: 'D681PevKs', content: 'Sunny' },
      ],
    });
    expect(second.choices[0]?.message.content).toBe('Sunny in both.');
    const sent = suite.mock.last.body.messages;
    const mapped = toMistralToolCallId('call_bergen_42');
    expect(sent[1].tool_calls[0].id).toBe(mapped);
    expect(sent[2]).toEqual({ role: 'tool', tool_call_id: mapped, name: 'weather', content: 'Sunny' });
    expect(sent[3].tool_calls[0].id).toBe('D681PevKs');
    expect(sent[4]).toEqual({ role: 'tool', tool_call_id: 'D681PevKs', name: 'weather', content: 'Sunny' });
  });

  it('asks for JSON output with a schema and returns it', async () => {
    suite.mock.reply({
      kind: 'json',
      body: mistralCompletion({ role: 'assistant', content: '{"city":"Paris"}' }),
    });
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const result = await suite.openai.chat.completions.create({
      model: 'mistral-small',
      messages: [{ role: 'user', content: 'Capital of France as JSON' }],
      response_format: { type: 'json_schema', json_schema: { name: 'capital', schema, strict: true } },
    });
    expect(suite.mock.last.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'capital', schema, strict: true },
    });
    expect(JSON.parse(result.choices[0]?.message.content ?? '')).toEqual({ city: 'Paris' });
  });

  it('relays a 429 as a rate limit with Retry-After, after the gateway’s own retry', async () => {
    const limited = mistralError(
      429,
      { object: 'error', message: 'Rate limit exceeded', type: 'rate_limited', param: null, code: '1300' },
      { 'retry-after': '1' },
    );
    suite.mock.reply(limited, limited);
    const error = await suite.openai.chat.completions
      .create({ model: 'mistral-small', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('1');
    expect(suite.mock.requests).toHaveLength(2);
  });

  it('relays a 422 validation report naming the field, without retrying', async () => {
    suite.mock.reply(
      mistralError(422, {
        object: 'error',
        message: {
          detail: [
            {
              type: 'less_than_equal',
              loc: ['body', 'temperature'],
              msg: 'Input should be less than or equal to 1.5',
            },
          ],
        },
        type: 'invalid_request_error',
        param: null,
        code: null,
      }),
    );
    const error = await suite.openai.chat.completions
      .create({ model: 'mistral-small', messages: [{ role: 'user', content: 'hi' }], temperature: 1.9 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.UnprocessableEntityError);
    expect((error as Error).message).toContain('temperature: Input should be less than or equal to 1.5');
    expect(suite.mock.requests).toHaveLength(1);
  });

  it('ends a stream cut mid-way with an error, never a clean end', async () => {
    suite.mock.reply({
      kind: 'sse',
      events: [mistralChunk({ role: 'assistant', content: '' }), mistralChunk({ content: 'Half an ' })],
      cut: true,
    });
    const stream = await suite.openai.chat.completions.create({
      model: 'mistral-small',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const received: string[] = [];
    const failure = await (async () => {
      for await (const part of stream) received.push(part.choices[0]?.delta.content ?? '');
    })().catch((error: unknown) => error);
    expect(received.join('')).toBe('Half an ');
    expect(failure).toBeInstanceOf(OpenAI.APIError);
  });

  it('returns mistral-embed vectors as floats and as base64 (the SDK default)', async () => {
    const vectors = [
      [0.25, -1.5, 3.125],
      [1e-3, 2, -0.5],
    ];
    suite.mock.reply(
      { kind: 'json', body: mistralEmbeddings(vectors) },
      { kind: 'json', body: mistralEmbeddings(vectors) },
    );
    const viaBase64 = await suite.openai.embeddings.create({ model: 'mistral-embed', input: ['a', 'b'] });
    expect(suite.mock.last.path).toBe('/v1/embeddings');
    expect(suite.mock.last.body).toEqual({ model: 'mistral-embed', input: ['a', 'b'] });
    expect(viaBase64.data.map((item) => Array.from(item.embedding))).toEqual(
      vectors.map((vector) => vector.map((value) => Math.fround(value))),
    );
    const viaFloat = await suite.openai.embeddings.create({
      model: 'mistral-embed',
      input: ['a', 'b'],
      encoding_format: 'float',
    });
    expect(viaFloat.data.map((item) => item.embedding)).toEqual(vectors);
    expect(viaFloat.usage.prompt_tokens).toBe(6);
  });
});

describe('Anthropic client, Mistral model', () => {
  it('answers text with cached tokens moved out of input_tokens', async () => {
    suite.mock.reply({
      kind: 'json',
      body: mistralCompletion({ role: 'assistant', content: 'Hi!' }, 'model_length', {
        prompt_tokens: 1100,
        completion_tokens: 2,
        total_tokens: 1102,
        prompt_tokens_details: { cached_tokens: 1000 },
      }),
    });
    const result = await suite.anthropic.messages.create({
      model: 'mistral-small',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(suite.mock.last.body).toMatchObject({
      max_tokens: 100,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(result.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hi!' })]);
    expect(result.stop_reason).toBe('max_tokens');
    expect(result.usage).toMatchObject({
      input_tokens: 100,
      cache_read_input_tokens: 1000,
      output_tokens: 2,
    });
  });

  it('streams a tool call, then sends the tool result back under the same ids', async () => {
    suite.mock.reply({
      kind: 'sse',
      events: [
        mistralChunk({ role: 'assistant', content: '' }),
        mistralChunk({ content: 'Checking.' }),
        mistralChunk(
          {
            tool_calls: [
              { id: 'Xy7Pq2Lm9', function: { name: 'weather', arguments: '{"city": "Oslo"}' }, index: 0 },
            ],
          },
          'tool_calls',
          { prompt_tokens: 30, completion_tokens: 9, total_tokens: 39 },
        ),
        mistralDone,
      ],
    });
    const tools = [
      {
        name: 'weather',
        input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } },
      },
    ];
    const final = await suite.anthropic.messages
      .stream({
        model: 'mistral-small',
        max_tokens: 100,
        tools,
        messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      })
      .finalMessage();
    expect(final.content).toEqual([
      expect.objectContaining({ type: 'text', text: 'Checking.' }),
      expect.objectContaining({
        type: 'tool_use',
        id: 'Xy7Pq2Lm9',
        name: 'weather',
        input: { city: 'Oslo' },
      }),
    ]);
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage).toMatchObject({ input_tokens: 30, output_tokens: 9 });

    suite.mock.reply({
      kind: 'json',
      body: mistralCompletion({ role: 'assistant', content: 'Sunny in both.' }),
    });
    await suite.anthropic.messages.create({
      model: 'mistral-small',
      max_tokens: 100,
      tools,
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_01Bergen', name: 'weather', input: { city: 'Bergen' } },
            ...final.content.filter((block) => block.type === 'tool_use'),
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01Bergen', content: 'Rain' },
            { type: 'tool_result', tool_use_id: 'Xy7Pq2Lm9', content: 'Sunny' },
          ],
        },
      ],
    });
    const sent = suite.mock.last.body.messages;
    const mapped = toMistralToolCallId('toolu_01Bergen');
    expect(sent[1].tool_calls.map((call: { id: string }) => call.id)).toEqual([mapped, 'Xy7Pq2Lm9']);
    expect(sent.slice(2)).toEqual([
      { role: 'tool', tool_call_id: mapped, name: 'weather', content: 'Rain' },
      { role: 'tool', tool_call_id: 'Xy7Pq2Lm9', name: 'weather', content: 'Sunny' },
    ]);
  });

  it('continues an assistant prefill as a Mistral prefix', async () => {
    suite.mock.reply({ kind: 'json', body: mistralCompletion({ role: 'assistant', content: '"a": 1}' }) });
    await suite.anthropic.messages.create({
      model: 'mistral-small',
      max_tokens: 20,
      messages: [
        { role: 'user', content: 'JSON please' },
        { role: 'assistant', content: '{' },
      ],
    });
    expect(suite.mock.last.body.messages.at(-1)).toEqual({ role: 'assistant', content: '{', prefix: true });
  });

  it('maps a 429 to a rate_limit_error', async () => {
    const limited = mistralError(429, { message: 'Requests rate limit exceeded' }, { 'retry-after': '1' });
    suite.mock.reply(limited, limited);
    const error = await suite.anthropic.messages
      .create({ model: 'mistral-small', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
  });

  it('ends a cut stream with an error event', async () => {
    suite.mock.reply({
      kind: 'sse',
      events: [mistralChunk({ role: 'assistant', content: '' }), mistralChunk({ content: 'Half' })],
      cut: true,
    });
    const stream = suite.anthropic.messages.stream({
      model: 'mistral-small',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const failure = await stream.finalMessage().catch((error: unknown) => error);
    expect(texts.join('')).toBe('Half');
    expect(failure).toBeInstanceOf(Anthropic.APIError);
  });
});
