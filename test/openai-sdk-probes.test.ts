// The official openai SDK through the gateway, same dialect and to an Anthropic upstream: aborts,
// request ids, upstream errors as SDK error classes, request mapping across dialects, parse and
// runTools helpers, and the clean 404 of endpoints the gateway does not serve.

import OpenAI from 'openai';
import { zodFunction, zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import * as anthropicWire from './fixtures/anthropic-wire.js';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunk, completion, done, sse, textStream, usageChunk } from './fixtures/openai-wire.js';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';
import { openaiClient } from './support/sdk-clients.js';

const suite = mockGatewaySuite(`  redacted-chat:
    guardrails: { input: [{ check: pii, action: redact }] }
    targets: [{ provider: openai, model: gpt-4o-mini-2024-07-18 }]
  guarded-chat:
    guardrails: { output: [{ check: phrases, action: block, phrases: [Project Atlas] }] }
    targets: [{ provider: openai, model: gpt-4o-mini-2024-07-18 }]
`);
let client: OpenAI;

beforeAll(() => {
  client = openaiClient(suite.gateway);
});

/** A chunk for choice `index` (n > 1), with logprobs for its content. */
function choiceChunk(
  index: number,
  content: string | undefined,
  finish: 'stop' | null = null,
  role = false,
): ChatCompletionChunk {
  const delta = content === undefined ? {} : { content };
  const base = chunk(role ? { role: 'assistant', ...delta } : delta, finish);
  const logprobs =
    content === undefined
      ? null
      : {
          content: [{ token: content, logprob: -0.25, bytes: [...Buffer.from(content)], top_logprobs: [] }],
          refusal: null,
        };
  return { ...base, choices: [{ ...base.choices[0]!, index, logprobs }] };
}

function twoChoiceStream() {
  return [
    sse(choiceChunk(0, 'A', null, true)),
    sse(choiceChunk(1, 'B', null, true)),
    sse(choiceChunk(0, undefined, 'stop')),
    sse(choiceChunk(1, undefined, 'stop')),
    sse(usageChunk()),
    done,
  ];
}

const noArgTool: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_time', parameters: { type: 'object', properties: {} } },
};

describe('same dialect: n and logprobs', () => {
  it('streams n: 2 with logprobs through untouched (plain route)', async () => {
    suite.openai.reply({ kind: 'sse', events: twoChoiceStream() });
    const final = await client.chat.completions
      .stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], n: 2, logprobs: true })
      .finalChatCompletion();
    expect(suite.openai.last.body.n).toBe(2);
    expect(final.choices.map((choice) => choice.message.content)).toEqual(['A', 'B']);
    expect(final.choices[0]?.logprobs?.content?.[0]?.token).toBe('A');
  });

  it('returns n: 2 with logprobs, non-streaming, on a guarded route', async () => {
    const answer = completion();
    answer.choices = [0, 1].map((index) => ({
      index,
      message: { role: 'assistant', content: index === 0 ? 'A' : 'B', refusal: null, annotations: [] },
      finish_reason: 'stop',
      logprobs: {
        content: [{ token: index === 0 ? 'A' : 'B', logprob: -0.1, bytes: [65], top_logprobs: [] }],
        refusal: null,
      },
    }));
    suite.openai.reply({ kind: 'json', body: answer }, { kind: 'json', body: answer });
    for (const model of ['redacted-chat', 'guarded-chat']) {
      const result = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Write to jane.doe@example.com' }],
        n: 2,
        logprobs: true,
      });
      expect(
        result.choices.map((choice) => choice.message.content),
        model,
      ).toEqual(['A', 'B']);
      expect(result.choices[1]?.logprobs?.content?.[0]?.token, model).toBe('B');
    }
  });
});

describe('same dialect: guardrails and every choice', () => {
  function twoChoices(first: string, second: string) {
    const answer = completion();
    answer.choices = [first, second].map((content, index) => ({
      index,
      message: { role: 'assistant', content, refusal: null, annotations: [] },
      finish_reason: 'stop',
      logprobs: null,
    }));
    return answer;
  }

  // docs/guardrails.md: "block withholds the answer". With n: 2 the second choice is an answer too.
  it('blocks a banned phrase in the second choice of an n: 2 answer', async () => {
    suite.openai.reply({ kind: 'json', body: twoChoices('All fine.', 'The Project Atlas budget is 4M.') });
    const outcome = await client.chat.completions
      .create({ model: 'guarded-chat', messages: [{ role: 'user', content: 'hi' }], n: 2 })
      .then(
        (result) => result.choices.map((choice) => choice.message.content),
        (caught: unknown) => caught,
      );
    expect(outcome).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('restores redacted values in the second choice of an n: 2 answer', async () => {
    suite.openai.reply({ kind: 'json', body: twoChoices('Mail [EMAIL_1].', 'Sent to [EMAIL_1].') });
    const result = await client.chat.completions.create({
      model: 'redacted-chat',
      messages: [{ role: 'user', content: 'Write to jane.doe@example.com' }],
      n: 2,
    });
    expect(suite.openai.last.body.messages[0].content).toBe('Write to [EMAIL_1]');
    expect(result.choices.map((choice) => choice.message.content)).toEqual([
      'Mail jane.doe@example.com.',
      'Sent to jane.doe@example.com.',
    ]);
  });
});

describe('embeddings', () => {
  const vectors = (count: number) => ({
    object: 'list',
    model: 'text-embedding-3-small',
    data: Array.from({ length: count }, (_, index) => ({
      object: 'embedding',
      index,
      embedding: [0.5, -0.25],
    })),
    usage: { prompt_tokens: 3, total_tokens: 3 },
  });

  // OpenAI: input is "string | string[] | number[] | number[][]"; LangChain's OpenAIEmbeddings
  // sends token arrays by default.
  it('passes token arrays (number[][]) to an OpenAI provider as they are', async () => {
    suite.openai.reply({ kind: 'json', body: vectors(2) });
    const result = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: [
        [9906, 1917],
        [15339, 11],
      ],
    });
    expect(suite.openai.last.body.input).toEqual([
      [9906, 1917],
      [15339, 11],
    ]);
    expect(result.data).toHaveLength(2);
  });

  it('passes a single token array (number[]) as one input', async () => {
    suite.openai.reply({ kind: 'json', body: vectors(1) });
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: [9906, 1917] });
    expect(suite.openai.last.body.input).toEqual([[9906, 1917]]);
    expect(result.data).toHaveLength(1);
  });

  it('forwards dimensions and always asks the provider for floats', async () => {
    suite.openai.reply({ kind: 'json', body: vectors(1) });
    const result = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'hi',
      dimensions: 2,
    });
    expect(suite.openai.last.body).toMatchObject({ dimensions: 2, encoding_format: 'float', input: ['hi'] });
    expect(Array.from(result.data[0]!.embedding)).toEqual([0.5, -0.25]);
  });
});

describe('endpoints the SDK has', () => {
  it('answers responses/completions/moderations/files/batches with a clean OpenAI-shaped 404', async () => {
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['responses', () => client.responses.create({ model: 'gpt-4o-mini', input: 'hi' })],
      ['completions', () => client.completions.create({ model: 'gpt-4o-mini', prompt: 'hi' })],
      ['moderations', () => client.moderations.create({ input: 'hi' })],
      ['files', () => client.files.list()],
      ['batches', () => client.batches.list()],
    ];
    for (const [name, call] of calls) {
      const error = (await call().catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
      expect(error, name).toBeInstanceOf(OpenAI.NotFoundError);
      expect(error.requestID, name).toMatch(/^req_/);
      expect((error.error as { type?: string }).type, name).toBe('not_found_error');
    }
    expect(suite.openai.requests).toHaveLength(0);
  });
});

describe('abort', () => {
  it('an AbortController on an SDK stream cancels the upstream request', async () => {
    suite.openai.reply({ kind: 'sse', events: textStream(['a']).slice(0, 2), stallMs: 5000 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true },
      { signal: controller.signal },
    );
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    for (let waited = 0; waited < 2000 && suite.openai.aborted === 0; waited += 20) await sleep(20);
    expect(suite.openai.aborted).toBe(1);
  });

  it('breaking out of for-await on a cross-dialect stream cancels the Anthropic upstream', async () => {
    const { messageStart, textBlock } = await import('./fixtures/anthropic-wire.js');
    suite.anthropic.reply({
      kind: 'sse',
      events: [messageStart(), ...textBlock(0, ['a']).slice(0, 2)],
      stallMs: 5000,
    });
    const stream = await client.chat.completions.create({
      model: 'claude-haiku',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    for await (const _part of stream) break;
    for (let waited = 0; waited < 2000 && suite.anthropic.aborted === 0; waited += 20) await sleep(20);
    expect(suite.anthropic.aborted).toBe(1);
  });
});

describe('abort before any content', () => {
  it('aborting a non-streaming request cancels the upstream', async () => {
    suite.openai.reply({ kind: 'hang' });
    const controller = new AbortController();
    const pending = client.chat.completions
      .create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
        { signal: controller.signal },
      )
      .catch((caught: unknown) => caught);
    for (let waited = 0; waited < 2000 && suite.openai.requests.length === 0; waited += 10) await sleep(10);
    controller.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    for (let waited = 0; waited < 2000 && suite.openai.aborted === 0; waited += 20) await sleep(20);
    expect(suite.openai.aborted).toBe(1);
  });

  it('aborting a stream before its first token cancels the upstream', async () => {
    suite.openai.reply({
      kind: 'sse',
      events: [{ ...sse(chunk({ role: 'assistant', content: 'late' })), delayMs: 5000 }],
    });
    const controller = new AbortController();
    const pending = client.chat.completions
      .create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true },
        { signal: controller.signal },
      )
      .catch((caught: unknown) => caught);
    for (let waited = 0; waited < 2000 && suite.openai.requests.length === 0; waited += 10) await sleep(10);
    await sleep(50);
    controller.abort();
    await pending;
    for (let waited = 0; waited < 2000 && suite.openai.aborted === 0; waited += 20) await sleep(20);
    expect(suite.openai.aborted).toBe(1);
  });
});

describe('request ids and headers', () => {
  it('exposes x-request-id on errors and streams', async () => {
    const error = (await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.param).toBe('messages');
    expect(error.requestID).toMatch(/^req_[0-9a-f]{32}$/);
    suite.openai.reply({ kind: 'sse', events: textStream(['a']) });
    const { response, data } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true })
      .withResponse();
    for await (const _part of data) {
      // drain
    }
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
  });
});

describe('tool calls', () => {
  it('non-streaming: a tool call without arguments has arguments "{}"', async () => {
    suite.anthropic.reply({
      kind: 'json',
      body: anthropicWire.message({
        content: [
          { type: 'tool_use', id: 'toolu_e', name: 'get_time', input: {}, caller: { type: 'direct' } },
        ],
        stop_reason: 'tool_use',
      } as never),
    });
    const result = await client.chat.completions.create({
      model: 'claude-haiku',
      messages: [{ role: 'user', content: 'time?' }],
      tools: [noArgTool],
    });
    const call = result.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.arguments).toBe('{}');
  });
});

const anthropicError = (
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
) =>
  ({
    kind: 'json',
    status,
    headers: { 'request-id': 'req_upstream_secret_id', ...headers },
    body: { type: 'error', error: { type, message } },
  }) as const;

describe('errors from the Anthropic upstream, as the SDK sees them', () => {
  it('429 → RateLimitError with retry-after and x-request-id', async () => {
    const limited = anthropicError(
      429,
      'rate_limit_error',
      'Number of request tokens has exceeded your per-minute rate limit',
      {
        'retry-after': '0',
      },
    );
    suite.anthropic.reply(limited, limited, limited);
    const error = (await client.chat.completions
      .create({ model: 'claude-haiku', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers?.get('retry-after')).toMatch(/^\d+$/);
    expect(error.requestID).toMatch(/^req_[0-9a-f]{32}$/);
    expect(error.message).toContain('rate limit');
    expect(error.message).not.toContain('upstream-anthropic-key');
  });

  it('529 overloaded → a 5xx APIError the SDK may retry, with retry-after', async () => {
    const overloaded = anthropicError(529, 'overloaded_error', 'Overloaded');
    suite.anthropic.reply(overloaded, overloaded, overloaded);
    const error = (await client.chat.completions
      .create({ model: 'claude-haiku', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.status).toBeGreaterThanOrEqual(500);
    expect(error.headers?.get('retry-after')).toMatch(/^\d+$/);
    expect((error.error as { type?: string }).type).toBe('server_error');
  });

  it('400 invalid_request → BadRequestError with the upstream message, not retried', async () => {
    suite.anthropic.reply(
      anthropicError(
        400,
        'invalid_request_error',
        'messages.0.content: text content blocks must be non-empty',
      ),
    );
    const error = (await client.chat.completions
      .create({ model: 'claude-haiku', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toContain('text content blocks must be non-empty');
    expect((error.error as { type?: string }).type).toBe('invalid_request_error');
    expect(suite.anthropic.requests).toHaveLength(1);
  });

  it('an Anthropic error event mid-stream makes the SDK iterator throw an APIError', async () => {
    suite.anthropic.reply({
      kind: 'sse',
      events: anthropicWire.overloadedAfterText(),
    });
    const stream = await client.chat.completions.create({
      model: 'claude-haiku',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const text: string[] = [];
    const error = await (async () => {
      for await (const part of stream) text.push(part.choices[0]?.delta.content ?? '');
    })().catch((caught: unknown) => caught);
    expect(text.join('')).toBe('Hel');
    expect(error).toBeInstanceOf(OpenAI.APIError);
  });
});

describe('request and answer mapping', () => {
  it('maps developer + system, stop arrays, max_completion_tokens, user, parallel_tool_calls', async () => {
    suite.anthropic.reply({
      kind: 'json',
      body: anthropicWire.message({ stop_reason: 'stop_sequence', stop_sequence: 'END' } as never),
    });
    const result = await client.chat.completions.create({
      model: 'claude-haiku',
      messages: [
        { role: 'developer', content: 'Dev rules.' },
        { role: 'system', content: 'Sys rules.' },
        { role: 'user', content: 'hi' },
      ],
      stop: ['END', 'STOP'],
      max_tokens: 999,
      max_completion_tokens: 55,
      user: 'user-1',
      tools: [noArgTool],
      parallel_tool_calls: false,
      seed: 7,
    });
    const sent = suite.anthropic.last.body;
    expect(sent.system.map((block: { text: string }) => block.text)).toEqual(['Dev rules.', 'Sys rules.']);
    expect(sent.stop_sequences).toEqual(['END', 'STOP']);
    expect(sent.max_tokens).toBe(55);
    expect(sent.metadata).toEqual({ user_id: 'user-1' });
    expect(sent.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(result.choices[0]?.finish_reason).toBe('stop');
  });

  it('maps max_tokens to finish_reason length, streaming and not', async () => {
    suite.anthropic.reply({ kind: 'json', body: anthropicWire.message({ stop_reason: 'max_tokens' }) });
    const whole = await client.chat.completions.create({
      model: 'claude-haiku',
      messages: [{ role: 'user', content: 'hi' }],
      max_completion_tokens: 5,
    });
    expect(whole.choices[0]?.finish_reason).toBe('length');
    suite.anthropic.reply({
      kind: 'sse',
      events: [
        anthropicWire.messageStart(),
        ...anthropicWire.textBlock(0, ['a']),
        ...anthropicWire.messageEnd('max_tokens'),
      ],
    });
    const final = await client.chat.completions
      .stream({
        model: 'claude-haiku',
        messages: [{ role: 'user', content: 'hi' }],
        max_completion_tokens: 5,
      })
      .finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe('length');
  });

  it('streams cached token usage in the final usage chunk', async () => {
    suite.anthropic.reply({ kind: 'sse', events: anthropicWire.textStream(['a', 'b']) });
    const stream = await client.chat.completions.create({
      model: 'claude-haiku',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const part of stream) chunks.push(part);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage?.prompt_tokens).toBe(1150);
    expect(last.usage?.prompt_tokens_details?.cached_tokens).toBe(1000);
    expect(last.usage?.total_tokens).toBe(1150 + 5);
    // Every other chunk carries usage: null when include_usage is set (OpenAI streaming docs).
    expect(chunks.slice(0, -1).every((part) => part.usage === null)).toBe(true);
  });

  it('carries two parallel tool results back as one user turn of tool_result blocks', async () => {
    suite.anthropic.reply({ kind: 'json', body: anthropicWire.message({}) });
    await client.chat.completions.create({
      model: 'claude-haiku',
      messages: [
        { role: 'user', content: 'weather and time' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'toolu_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
            { id: 'toolu_b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_a', content: 'Sunny' },
        { role: 'tool', tool_call_id: 'toolu_b', content: [{ type: 'text', text: '12:00' }] },
      ],
      tools: [noArgTool],
    });
    const sent = suite.anthropic.last.body.messages;
    expect(sent).toHaveLength(3);
    expect(sent[1].content.map((block: { type: string }) => block.type)).toEqual(['tool_use', 'tool_use']);
    expect(sent[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_a', content: [{ type: 'text', text: 'Sunny' }] },
        { type: 'tool_result', tool_use_id: 'toolu_b', content: [{ type: 'text', text: '12:00' }] },
      ],
    });
  });
});

describe('SDK helpers across dialects', () => {
  it("chat.completions.parse with a zod response_format parses Claude's JSON answer", async () => {
    suite.anthropic.reply({
      kind: 'json',
      body: anthropicWire.message({
        content: [{ type: 'text', text: '{"city":"Oslo","temp":12}', citations: null }],
      }),
    });
    const Weather = z.object({ city: z.string(), temp: z.number() });
    const result = await client.chat.completions.parse({
      model: 'claude-haiku',
      messages: [{ role: 'user', content: 'Weather in Oslo as JSON' }],
      response_format: zodResponseFormat(Weather, 'weather'),
    });
    expect(result.choices[0]?.message.parsed).toEqual({ city: 'Oslo', temp: 12 });
    const system = suite.anthropic.last.body.system as Array<{ text: string }>;
    expect(system.at(-1)?.text).toContain('"weather"');
  });

  it('runTools round-trips a zod tool call and its result through Anthropic', async () => {
    suite.anthropic.reply(
      {
        kind: 'json',
        body: anthropicWire.message({
          content: [
            {
              type: 'tool_use',
              id: 'toolu_r1',
              name: 'weather',
              input: { city: 'Oslo' },
              caller: { type: 'direct' },
            },
          ],
          stop_reason: 'tool_use',
        } as never),
      },
      {
        kind: 'json',
        body: anthropicWire.message({ content: [{ type: 'text', text: 'It is 12C.', citations: null }] }),
      },
    );
    const runner = client.chat.completions.runTools({
      model: 'claude-haiku',
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [
        zodFunction({
          name: 'weather',
          parameters: z.object({ city: z.string() }),
          function: (args: { city: string }) => `12C in ${args.city}`,
        }),
      ],
    });
    expect(await runner.finalContent()).toBe('It is 12C.');
    const second = suite.anthropic.last.body.messages;
    expect(second.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_r1', content: [{ type: 'text', text: '12C in Oslo' }] },
      ],
    });
  });

  it('sends image_url parts (https and data:) as Anthropic image blocks', async () => {
    suite.anthropic.reply({ kind: 'json', body: anthropicWire.message({}) });
    await client.chat.completions.create({
      model: 'claude-haiku',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
    });
    const content = suite.anthropic.last.body.messages[0].content;
    expect(content[1]).toEqual({
      type: 'image',
      source: { type: 'url', url: 'https://example.com/cat.png' },
    });
    expect(content[2]).toEqual({
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' },
    });
  });
});

describe('same dialect: n and logprobs on guarded routes', () => {
  // A route whose guardrails check or restore streamed text re-encodes its streams through the
  // canonical form, which holds one choice and no logprobs: such streams are refused up front (by
  // the route, not by whether the prompt held PII), and whole answers keep everything.
  for (const model of ['redacted-chat', 'guarded-chat']) {
    it(`refuses a streamed n: 2 on ${model} with a 400 naming n, before any upstream call`, async () => {
      const error = await client.chat.completions
        .create({ model, messages: [{ role: 'user', content: 'hi' }], n: 2, stream: true })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('n');
      expect((error as Error).message).toMatch(/'stream': false/);
      expect(suite.openai.requests).toHaveLength(0);
    });

    it(`refuses streamed logprobs on ${model}, and keeps both choices and logprobs in a whole answer`, async () => {
      const error = await client.chat.completions
        .create({ model, messages: [{ role: 'user', content: 'hi' }], logprobs: true, stream: true })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('logprobs');
      const answer = completion();
      answer.choices = [
        { ...answer.choices[0]!, index: 0, logprobs: { content: [], refusal: null } },
        { ...answer.choices[0]!, index: 1, logprobs: { content: [], refusal: null } },
      ];
      suite.openai.reply({ kind: 'json', body: answer });
      const whole = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Write to jane.doe@example.com' }],
        n: 2,
        logprobs: true,
      });
      expect(whole.choices).toHaveLength(2);
      expect(whole.choices[1]?.logprobs).toEqual({ content: [], refusal: null });
    });
  }
});

describe('same dialect: ids on guarded routes', () => {
  it("keeps the upstream's chunk id, model and created in a stream a guarded route re-encodes", async () => {
    suite.openai.reply({
      kind: 'sse',
      events: [
        sse(chunk({ role: 'assistant', content: 'Hi' })),
        sse(chunk({}, 'stop')),
        sse(usageChunk()),
        done,
      ],
    });
    const chunks: ChatCompletionChunk[] = [];
    const stream = await client.chat.completions.create({
      model: 'guarded-chat',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    for await (const part of stream) chunks.push(part);
    expect(chunks.length).toBeGreaterThan(0);
    for (const part of chunks) {
      expect(part).toMatchObject({
        id: 'chatcmpl-e2e',
        model: 'gpt-4o-mini-2024-07-18',
        created: 1_700_000_000,
      });
    }
  });
});

describe('same dialect: audio conversations', () => {
  // An audio answer has content: null and message.audio {id, data, expires_at, transcript} (OpenAI
  // audio guide / ChatCompletionAudio). The next turn sends the assistant message back with its
  // audio id (ChatCompletionAssistantMessageParam.audio: "Data about a previous audio response
  // from the model"), which OpenAI accepts; the gateway refuses it before any upstream call.
  it('accepts back an assistant audio message (content null, audio.id) as OpenAI returned it', async () => {
    const audioAnswer = completion();
    audioAnswer.choices[0]!.message = {
      role: 'assistant',
      content: null,
      refusal: null,
      annotations: [],
      audio: { id: 'audio_abc123', data: 'UklGRg==', expires_at: 1_700_003_600, transcript: 'Hello!' },
    };
    suite.openai.reply({ kind: 'json', body: audioAnswer }, { kind: 'json', body: completion() });
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Say hello' },
    ];
    const first = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      modalities: ['text', 'audio'],
      audio: { voice: 'alloy', format: 'wav' },
      messages,
    });
    expect(first.choices[0]?.message.audio?.id).toBe('audio_abc123');
    messages.push({ role: 'assistant', audio: { id: first.choices[0]!.message.audio!.id } });
    messages.push({ role: 'user', content: 'Again, slower' });
    const second = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      modalities: ['text', 'audio'],
      audio: { voice: 'alloy', format: 'wav' },
      messages,
    });
    expect(second.choices[0]?.message.content).toBe('Hello there.');
    expect(suite.openai.last.body.messages[1]).toEqual({ role: 'assistant', audio: { id: 'audio_abc123' } });
  });
});
