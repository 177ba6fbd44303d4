// The exact cache as docs/caching.md describes it, end to end: key correctness, replay through the
// official SDKs, directives, what is never stored, tenancy and purges (API, CLI, Redis replicas).
import type Anthropic from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MockUpstream, type SseScriptEvent } from './support/mock-upstream.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';
import { completion, interleavedToolCalls, textStream } from './fixtures/openai-wire.js';
import { onTestFinished } from 'vitest';
import { describeWithRedis } from '../src/storage/testing/services.js';
import { startEchoGateway } from './support/echo-upstream.js';
import { testContext } from '../src/cli/__fixtures__/test-context.js';
import * as aw from './fixtures/anthropic-wire.js';
import { fetchRecord } from './support/fetch-record.js';
import { postChat as postTo, postWithKey, untilHit } from './support/cache-verdict.js';
import { purgeCache as purge } from './support/purge-cache.js';
import { anthropicClient, openaiClient } from './support/sdk-clients.js';

let oa: MockUpstream;
let an: MockUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  oa = await new MockUpstream().start();
  an = await new MockUpstream().start();
  oa.always({ kind: 'json', body: completion() });
  an.always({ kind: 'json', body: aw.message() });
  gateway = await startTestGateway(`
providers:
  openai: { type: openai, baseUrl: ${oa.url}/v1, apiKey: k1 }
  anthropic: { type: anthropic, baseUrl: ${an.url}/v1, apiKey: k2 }
defaults:
  retry: { attempts: 0 }
  cache: { enabled: true }
models:
  gpt:
    targets: [{ provider: openai, model: gpt-4o-mini }]
  claude:
    targets: [{ provider: anthropic, model: claude-3-5-haiku-20241022 }]
  small:
    cache: { enabled: true, maxEntryBytes: 600 }
    targets: [{ provider: openai, model: gpt-4o-mini }]
records:
  flushIntervalMs: 20
`);
});
afterAll(async () => {
  await gateway.close();
  await oa.stop();
  await an.stop();
});
afterEach(() => {
  oa.forget();
  an.forget();
});

const strip = (content: unknown[]) =>
  content.map((block: any) => {
    const { citations: _c, ...rest } = block;
    return rest;
  });

let counter = 0;
const fresh = () => `Question number ${++counter} at ${Date.now()}`;

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  postWithKey(gateway, path, body, headers);
const chat = (body: unknown, headers?: Record<string, string>) => post('/v1/chat/completions', body, headers);
const messages = (body: unknown, headers?: Record<string, string>) =>
  post('/v1/messages', body, { 'anthropic-version': '2023-06-01', ...headers });

describe('key: OpenAI fields that change the answer', () => {
  const variants: Array<[string, Record<string, unknown>]> = [
    ['system prompt', { messages: [{ role: 'system', content: 'Be terse.' }] }],
    ['tools', { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }] }],
    ['response_format', { response_format: { type: 'json_object' } }],
    ['temperature', { temperature: 0.2 }],
    ['top_p', { top_p: 0.5 }],
    ['seed', { seed: 7 }],
    ['stop', { stop: ['x'] }],
    ['max_tokens', { max_tokens: 5 }],
    ['max_completion_tokens', { max_completion_tokens: 5 }],
    ['reasoning_effort', { reasoning_effort: 'low' }],
    ['presence_penalty', { presence_penalty: 1 }],
    ['logit_bias', { logit_bias: { '50256': -100 } }],
  ];
  for (const [name, extra] of variants) {
    it(`a request differing in ${name} is a miss`, async () => {
      const content = fresh();
      const base = { model: 'gpt', messages: [{ role: 'user', content }] };
      await chat(base);
      await untilHit(() => chat(base));
      const varied = { ...base, ...extra } as Record<string, unknown>;
      if (name === 'system prompt')
        varied.messages = [
          { role: 'system', content: 'Be terse.' },
          { role: 'user', content },
        ];
      expect((await chat(varied)).cache).toBe('miss');
    });
  }
});

describe('key: fields docs call neutral', () => {
  it('user, metadata, store, key order, stream_options share an entry', async () => {
    const content = fresh();
    const base = { model: 'gpt', messages: [{ role: 'user', content }] };
    await chat(base);
    await untilHit(() => chat(base));
    expect((await chat({ messages: [{ content, role: 'user' }], model: 'gpt' })).cache).toBe('hit');
    expect((await chat({ ...base, user: 'u-1' })).cache).toBe('hit');
    expect((await chat({ ...base, store: true, metadata: { a: 'b' } })).cache).toBe('hit');
    expect((await chat({ ...base, stream: true, stream_options: { include_usage: true } })).cache).toBe(
      'hit',
    );
  });
});

describe('key: Anthropic', () => {
  const base = (content: string) => ({
    model: 'claude',
    max_tokens: 100,
    messages: [{ role: 'user', content }],
  });
  it('system, anthropic-beta, cache_control, thinking and top_k differ; metadata does not', async () => {
    const content = fresh();
    await messages(base(content));
    await untilHit(() => messages(base(content)));
    expect((await messages({ ...base(content), system: 'Be terse.' })).cache).toBe('miss');
    expect((await messages(base(content), { 'anthropic-beta': 'some-beta-2025' })).cache).toBe('miss');
    expect((await messages({ ...base(content), top_k: 3 })).cache).toBe('miss');
    expect(
      (
        await messages({
          ...base(content),
          messages: [
            {
              role: 'user',
              content: [{ type: 'text', text: content, cache_control: { type: 'ephemeral' } }],
            },
          ],
        })
      ).cache,
    ).toBe('miss');
    expect((await messages({ ...base(content), metadata: { user_id: 'x' } })).cache).toBe('hit');
  });

  it('an OpenAI client never hits what an Anthropic client stored (dialect in key)', async () => {
    const content = fresh();
    await messages(base(content));
    await untilHit(() => messages(base(content)));
    expect(
      (await chat({ model: 'claude', max_tokens: 100, messages: [{ role: 'user', content }] })).cache,
    ).toBe('miss');
  });
});

describe('replay', () => {
  const openai = () => openaiClient(gateway);
  const tools = [
    { type: 'function' as const, function: { name: 'weather', parameters: { type: 'object' } } },
  ];

  it('a JSON answer with tool calls replays as a stream the OpenAI SDK assembles', async () => {
    const content = fresh();
    const toolAnswer = completion({
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            refusal: null,
            annotations: [],
            tool_calls: [
              { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
              { id: 'call_b', type: 'function', function: { name: 'time', arguments: '{"zone":"UTC"}' } },
            ],
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ],
    });
    oa.reply({ kind: 'json', body: toolAnswer });
    const body = { model: 'gpt', messages: [{ role: 'user' as const, content }], tools };
    const first = await openai().chat.completions.create(body);
    await untilHit(() => chat(body));
    const stream = openai().chat.completions.stream({ ...body, stream_options: { include_usage: true } });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    expect(final.choices[0]!.message.tool_calls).toEqual(first.choices[0]!.message.tool_calls);
    expect(final.usage?.prompt_tokens).toBe(first.usage?.prompt_tokens);
    expect(oa.requests).toHaveLength(1);
  });

  it('a streamed tool-call answer replays as JSON and as a stream', async () => {
    const content = fresh();
    oa.reply({ kind: 'sse', events: interleavedToolCalls() });
    const body = { model: 'gpt', messages: [{ role: 'user' as const, content }], tools };
    const streamed = await openai().chat.completions.stream(body).finalChatCompletion();
    await untilHit(() => chat(body));
    const json = await openai().chat.completions.create(body);
    expect(json.choices[0]!.message.tool_calls).toEqual(streamed.choices[0]!.message.tool_calls);
    expect(json.choices[0]!.finish_reason).toBe('tool_calls');
    const again = await openai().chat.completions.stream(body).finalChatCompletion();
    expect(again.choices[0]!.message.tool_calls).toEqual(streamed.choices[0]!.message.tool_calls);
    expect(oa.requests).toHaveLength(1);
  });

  it('an Anthropic tool_use answer replays as a stream the Anthropic SDK assembles', async () => {
    const content = fresh();
    an.reply({
      kind: 'json',
      body: aw.message({
        content: [
          { type: 'text', text: 'Checking.', citations: null },
          { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } } as any,
        ],
        stop_reason: 'tool_use',
      }),
    });
    const client = anthropicClient(gateway);
    const body = {
      model: 'claude',
      max_tokens: 100,
      messages: [{ role: 'user' as const, content }],
      tools: [{ name: 'weather', input_schema: { type: 'object' as const } }],
    };
    const first = await client.messages.create(body);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { response } = await client.messages.create(body).withResponse();
    expect(response.headers.get('x-switchyard-cache')).toBe('hit');
    const final = await client.messages.stream(body).finalMessage();
    expect(strip(final.content)).toEqual(strip(first.content));
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage.input_tokens).toBe(first.usage.input_tokens);
    expect(an.requests).toHaveLength(1);
  });

  it('an Anthropic thinking answer with its signature replays as a stream', async () => {
    const content = fresh();
    an.reply({
      kind: 'json',
      body: aw.message({
        content: [
          { type: 'thinking', thinking: 'Let me think.', signature: 'sig-abc' } as any,
          { type: 'redacted_thinking', data: 'opaque' } as any,
          { type: 'text', text: 'Done.', citations: null },
        ],
      }),
    });
    const client = anthropicClient(gateway);
    const body = {
      model: 'claude',
      max_tokens: 2000,
      thinking: { type: 'enabled' as const, budget_tokens: 1024 },
      messages: [{ role: 'user' as const, content }],
    };
    const first = await client.messages.create(body);
    await untilHit(() => messages(body));
    const final = await client.messages.stream(body).finalMessage();
    expect(strip(final.content)).toEqual(strip(first.content));
  });

  it('an Anthropic answer ending on a stop sequence keeps stop_sequence in a stream replay', async () => {
    const content = fresh();
    an.reply({ kind: 'json', body: aw.message({ stop_reason: 'stop_sequence', stop_sequence: 'END' }) });
    const client = anthropicClient(gateway);
    const body = {
      model: 'claude',
      max_tokens: 100,
      stop_sequences: ['END'],
      messages: [{ role: 'user' as const, content }],
    };
    await client.messages.create(body);
    await untilHit(() => messages(body));
    const final = await client.messages.stream(body).finalMessage();
    expect(final.stop_reason).toBe('stop_sequence');
    expect(final.stop_sequence).toBe('END');
  });

  it('a stream replay without include_usage carries no usage chunk, with include_usage one', async () => {
    const content = fresh();
    const body = { model: 'gpt', messages: [{ role: 'user', content }] };
    await chat(body);
    await untilHit(() => chat(body));
    const plain = await chat({ ...body, stream: true });
    expect(plain.cache).toBe('hit');
    expect(plain.text).not.toMatch(/"usage":\{/);
    expect(plain.text.trim().endsWith('data: [DONE]')).toBe(true);
    const withUsage = await chat({ ...body, stream: true, stream_options: { include_usage: true } });
    expect(withUsage.text).toMatch(/"choices":\[\],"usage":\{"prompt_tokens":1200/);
  });
});

describe('directives and headers', () => {
  it('Age grows with the entry, and max-age refuses an older one', async () => {
    const content = fresh();
    const body = { model: 'gpt', messages: [{ role: 'user', content }] };
    await chat(body);
    await untilHit(() => chat(body));
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const hit = await chat(body);
    expect(hit.cache).toBe('hit');
    expect(Number(hit.response.headers.get('age'))).toBeGreaterThanOrEqual(2);
    expect((await chat(body, { 'cache-control': 'max-age=1' })).cache).toBe('miss');
    expect((await chat(body, { 'cache-control': 'max-age=60' })).cache).toBe('hit');
  });

  it('no-cache, no-store together: bypass, and nothing is stored', async () => {
    const content = fresh();
    const body = { model: 'gpt', messages: [{ role: 'user', content }] };
    expect((await chat(body, { 'cache-control': 'no-cache, no-store' })).cache).toBe('bypass');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await chat(body)).cache).toBe('miss');
  });

  it('a miss has no Age header; an n=1 request is cached', async () => {
    const content = fresh();
    const body = { model: 'gpt', messages: [{ role: 'user', content }], n: 1 };
    const miss = await chat(body);
    expect(miss.response.headers.get('age')).toBeNull();
    await untilHit(() => chat(body));
  });

  it('logprobs: false is not a bypass', async () => {
    const content = fresh();
    const body = { model: 'gpt', messages: [{ role: 'user', content }], logprobs: false };
    expect((await chat(body)).cache).toBe('miss');
  });

  it('a record of a hit on a streamed entry costs zero and says what it saved', async () => {
    const content = fresh();
    oa.reply({ kind: 'sse', events: textStream() });
    const body = { model: 'gpt', messages: [{ role: 'user', content }], stream: true };
    const miss = await chat(body);
    await untilHit(() => chat(body));
    const hit = await chat({ ...body, stream: false });
    const missRecord = await fetchRecord(gateway, miss.response.headers.get('x-request-id')!);
    const hitRecord = await fetchRecord(gateway, hit.response.headers.get('x-request-id')!);
    expect(hitRecord.cache).toBe('hit');
    expect(hitRecord.cost.usd).toBe(0);
    expect(hitRecord.cost.saved.inputTokens).toBe(missRecord.usage.inputTokens);
    expect(hitRecord.cost.saved.usd).toBe(missRecord.cost.usd);
  });
});

describe('more replays and sizes', () => {
  it('an OpenAI refusal replays as a stream with the refusal', async () => {
    oa.reply({
      kind: 'json',
      body: completion({
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              refusal: 'I cannot help with that.',
              annotations: [],
            },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
      }),
    });
    const client = openaiClient(gateway);
    const body = { model: 'gpt', messages: [{ role: 'user' as const, content: 'refuse me' }] };
    await client.chat.completions.create(body);
    await untilHit(async () => {
      const { response } = await client.chat.completions.create(body).withResponse();
      return { cache: response.headers.get('x-switchyard-cache') };
    });
    const final = await client.chat.completions.stream(body).finalChatCompletion();
    expect(final.choices[0]!.message.refusal).toBe('I cannot help with that.');
  });

  it('a streamed answer larger than maxEntryBytes is not stored', async () => {
    const long = Array.from({ length: 40 }, (_, index) => `word${index} `);
    oa.reply({ kind: 'sse', events: textStream(long) }, { kind: 'sse', events: textStream(long) });
    const ask = async () => {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'small', stream: true, messages: [{ role: 'user', content: 'long' }] }),
      });
      await response.text();
      return response.headers.get('x-switchyard-cache');
    };
    expect(await ask()).toBe('miss');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await ask()).toBe('miss');
  });
});

/** `models`, each cached, on one OpenAI provider on `mockUrl`, no retries; `storage` when given. */
function cachedModelsYaml(mockUrl: string, models: string[], storage = ''): string {
  const routes = models.map(
    (model) =>
      `  ${model}:\n    cache: { enabled: true }\n    targets: [{ provider: openai, model: gpt-4o-mini }]\n`,
  );
  return `${storage}
providers:
  openai: { type: openai, baseUrl: ${mockUrl}/v1, apiKey: k }
defaults: { retry: { attempts: 0 } }
models:
${routes.join('')}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('redaction and the cache, streamed', () => {
  it('a streamed answer of one caller, hit by another, carries the second caller values only', async () => {
    const { gateway, upstream } = await startEchoGateway(`  chat:
    cache: { enabled: true }
    guardrails: { input: [{ check: pii, action: redact }] }
    targets: [{ provider: echo, model: gpt-4o-mini }]`);
    const ask = (email: string, stream: boolean) =>
      postTo(gateway.url, gateway.key, {
        model: 'chat',
        stream,
        messages: [{ role: 'user', content: `Email ${email} today` }],
      });
    const first = await ask('jane@example.com', true);
    expect(first.text).toContain('jane@');
    await untilHit(() => ask('jane@example.com', false));
    const json = await ask('bob@example.org', false);
    expect(json.cache).toBe('hit');
    expect(json.text).toContain('bob@example.org');
    expect(json.text).not.toContain('jane');
    const streamed = await ask('bob@example.org', true);
    expect(streamed.cache).toBe('hit');
    expect(streamed.text).not.toContain('jane');
    expect(upstream.bodies).toHaveLength(1);
  });
});

describe('what is never stored', () => {
  it('a stream the client left before it ended is not stored', async () => {
    const mock = await new MockUpstream().start();
    onTestFinished(() => mock.stop());
    const gateway = await startTestGateway(cachedModelsYaml(mock.url, ['chat']));
    onTestFinished(() => gateway.close());
    mock.reply({
      kind: 'sse',
      events: textStream(['a', 'b', 'c', 'd']).map((event, index) => ({
        ...event,
        delayMs: index > 1 ? 150 : 0,
      })),
    });
    mock.always({ kind: 'json', body: completion() });
    const controller = new AbortController();
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', stream: true, messages: [{ role: 'user', content: 'left' }] }),
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await sleep(1200);
    const again = await postTo(gateway.url, gateway.key, {
      model: 'chat',
      messages: [{ role: 'user', content: 'left' }],
    });
    expect(again.cache).toBe('miss');
  });

  it('a stream an output guardrail blocked is never served to a later request', async () => {
    const { gateway } = await startEchoGateway(`  chat:
    cache: { enabled: true }
    guardrails: { output: [{ check: phrases, action: block, phrases: [Project Atlas] }] }
    targets: [{ provider: echo, model: gpt-4o-mini }]`);
    const body = { model: 'chat', messages: [{ role: 'user', content: 'Tell me about Project Atlas' }] };
    const streamed = await postTo(gateway.url, gateway.key, { ...body, stream: true });
    expect(streamed.text).not.toContain('Atlas');
    await sleep(300);
    const json = await postTo(gateway.url, gateway.key, body);
    expect(json.status).toBe(400);
    expect(json.text).not.toContain('Project Atlas');
    const streamedAgain = await postTo(gateway.url, gateway.key, { ...body, stream: true });
    expect(streamedAgain.text).not.toContain('Atlas');
  });
});

describe('tenancy and purges, in process', () => {
  async function start() {
    const mock = await new MockUpstream().start();
    mock.always({ kind: 'json', body: completion() });
    const gateway = await startTestGateway(cachedModelsYaml(mock.url, ['chat', 'other']));
    onTestFinished(async () => {
      await gateway.close();
      await mock.stop();
    });
    return { gateway, mock };
  }
  it('a namespace purge drops that namespace only; a model purge drops that model only', async () => {
    const { gateway } = await start();
    const ask = (model: string, namespace?: string) =>
      postTo(
        gateway.url,
        gateway.key,
        { model, messages: [{ role: 'user', content: 'hello' }] },
        namespace === undefined ? {} : { 'x-switchyard-cache-namespace': namespace },
      );
    for (const [model, ns] of [
      ['chat', 'a'],
      ['chat', 'b'],
      ['chat', undefined],
      ['other', 'a'],
    ] as const) {
      await ask(model, ns);
      await untilHit(() => ask(model, ns));
    }
    expect(await purge(gateway, 'namespace=a')).toEqual({ deleted: 2 });
    expect((await ask('chat', 'a')).cache).toBe('miss');
    expect((await ask('other', 'a')).cache).toBe('miss');
    expect((await ask('chat', 'b')).cache).toBe('hit');
    expect((await ask('chat')).cache).toBe('hit');
    expect(await purge(gateway, 'model=other')).toEqual({ deleted: 1 });
    expect((await ask('chat', 'b')).cache).toBe('hit');
  });

  it('a key of another project, and a key with the same project in another namespace, never share', async () => {
    const { gateway, mock } = await start();
    const created = await fetch(`${gateway.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'p2', projectId: 'p2' }),
    });
    const { key } = (await created.json()) as { key: string };
    const body = { model: 'chat', messages: [{ role: 'user', content: 'shared?' }] };
    await postTo(gateway.url, key, body, { 'x-switchyard-cache-namespace': 'n' });
    await untilHit(() => postTo(gateway.url, key, body, { 'x-switchyard-cache-namespace': 'n' }));
    expect(
      (await postTo(gateway.url, gateway.key, body, { 'x-switchyard-cache-namespace': 'n' })).cache,
    ).toBe('miss');
    expect((await postTo(gateway.url, key, body)).cache).toBe('miss');
    expect(mock.requests).toHaveLength(3);
  });
});

describeWithRedis('purges on two replicas sharing Redis', (redis) => {
  it('a namespace purge on one replica drops the entry for both; other namespaces stay', async () => {
    const mock = await new MockUpstream().start();
    mock.always({ kind: 'json', body: completion() });
    const storage = `storage:\n  redisUrl: ${redis.url}\n  redisPrefix: "${redis.prefix}"`;
    const config = cachedModelsYaml(mock.url, ['chat'], storage);
    const first = await startTestGateway(config);
    const second = await startTestGateway(config);
    onTestFinished(async () => {
      await first.close();
      await second.close();
      await mock.stop();
    });
    const ask = (gateway: TestGateway, ns: string) =>
      postTo(
        gateway.url,
        gateway.key,
        { model: 'chat', messages: [{ role: 'user', content: 'x' }] },
        {
          'x-switchyard-cache-namespace': ns,
        },
      );
    await ask(first, 'a');
    await ask(first, 'b');
    await untilHit(() => ask(second, 'a'));
    await untilHit(() => ask(second, 'b'));
    expect(await purge(second, 'namespace=a')).toEqual({ deleted: 1 });
    expect((await ask(first, 'a')).cache).toBe('miss');
    expect((await ask(first, 'b')).cache).toBe('hit');
    expect((await purge(first, 'all=true')).deleted).toBeGreaterThanOrEqual(2);
    expect((await ask(second, 'b')).cache).toBe('miss');
  });
});

describe('switchyard cache purge (CLI) against a running gateway', () => {
  it('drops by namespace through the CLI', async () => {
    const content = fresh();
    const body = { model: 'gpt', messages: [{ role: 'user', content }] };
    const ns = { 'x-switchyard-cache-namespace': 'cli-ns' };
    await chat(body, ns);
    await untilHit(() => chat(body, ns));
    await untilHit(() => chat(body));
    const cli = testContext({
      env: { SWITCHYARD_URL: gateway.url, SWITCHYARD_ADMIN_TOKEN: gateway.adminToken },
    });
    const result = await cli.run('cache', 'purge', '--namespace', 'cli-ns');
    expect(result).toMatchObject({ code: 0, stdout: 'Dropped 1 cached answer.\n' });
    expect((await chat(body, ns)).cache).toBe('miss');
    expect((await chat(body)).cache).toBe('hit');
  });
});

// An Anthropic answer with server-tool blocks (web search) and citations cannot be replayed from
// the cache's canonical copy in the other form without losing them: such requests always go
// upstream, with x-switchyard-cache: bypass, and keep every block.
const searchBlocks = [
  { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'capital of France' } },
  {
    type: 'web_search_tool_result',
    tool_use_id: 'srvtoolu_1',
    content: [
      {
        type: 'web_search_result',
        url: 'https://en.wikipedia.org/wiki/Paris',
        title: 'Paris',
        encrypted_content: 'enc-abc',
        page_age: null,
      },
    ],
  },
  {
    type: 'text',
    text: 'Paris is the capital.',
    citations: [
      {
        type: 'web_search_result_location',
        url: 'https://en.wikipedia.org/wiki/Paris',
        title: 'Paris',
        encrypted_index: 'idx-1',
        cited_text: 'Paris is the capital of France',
      },
    ],
  },
];

/** The same answer as Anthropic streams it. */
function searchStream(): SseScriptEvent[] {
  const event = (value: unknown): SseScriptEvent => ({
    event: (value as { type: string }).type,
    data: JSON.stringify(value),
  });
  return [
    aw.messageStart(),
    event({ type: 'content_block_start', index: 0, content_block: { ...searchBlocks[0], input: {} } }),
    event({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: '{"query":"capital of France"}' },
    }),
    event({ type: 'content_block_stop', index: 0 }),
    event({ type: 'content_block_start', index: 1, content_block: searchBlocks[1] }),
    event({ type: 'content_block_stop', index: 1 }),
    event({
      type: 'content_block_start',
      index: 2,
      content_block: { type: 'text', text: '', citations: [] },
    }),
    event({
      type: 'content_block_delta',
      index: 2,
      delta: { type: 'citations_delta', citation: (searchBlocks[2] as any).citations[0] },
    }),
    event({
      type: 'content_block_delta',
      index: 2,
      delta: { type: 'text_delta', text: 'Paris is the capital.' },
    }),
    event({ type: 'content_block_stop', index: 2 }),
    ...aw.messageEnd(),
  ];
}

describe('server tool blocks and citations through the cache', () => {
  let client: Anthropic;
  beforeEach(() => {
    an.validate((request) =>
      request.body?.stream === true
        ? { kind: 'sse', events: searchStream() }
        : { kind: 'json', body: aw.message({ content: searchBlocks as any }) },
    );
    client = anthropicClient(gateway);
  });
  afterEach(() => an.validate(() => undefined));

  const searchRequest = (content: string) => ({
    model: 'claude',
    max_tokens: 1000,
    tools: [{ type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 1 }],
    messages: [{ role: 'user' as const, content }],
  });

  it('an Anthropic web-search answer (server tool blocks, citations) replayed as a stream keeps them', async () => {
    const body = searchRequest('What is the capital of France? (search)');
    const json = await client.messages.create(body);
    expect(json.content.map((block) => block.type)).toEqual([
      'server_tool_use',
      'web_search_tool_result',
      'text',
    ]);
    // A cached copy cannot carry them into the other form: such requests go upstream every time.
    const { response } = await client.messages.create(body).withResponse();
    expect(response.headers.get('x-switchyard-cache')).toBe('bypass');
    const streamed = await client.messages.stream(body).finalMessage();
    expect(an.requests).toHaveLength(3);
    expect(streamed.content.map((block) => block.type)).toEqual([
      'server_tool_use',
      'web_search_tool_result',
      'text',
    ]);
    expect((streamed.content[2] as any).citations).toHaveLength(1);
  });

  it('an Anthropic web-search answer stored from a stream, asked for as JSON, keeps the search blocks', async () => {
    const body = searchRequest('Capital of France, streamed first (search)');
    const streamed = await client.messages.stream(body).finalMessage();
    expect(streamed.content.map((block) => block.type)).toEqual([
      'server_tool_use',
      'web_search_tool_result',
      'text',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { data, response } = await client.messages.create(body).withResponse();
    expect(response.headers.get('x-switchyard-cache')).toBe('bypass');
    expect(data.content.map((block) => block.type)).toEqual([
      'server_tool_use',
      'web_search_tool_result',
      'text',
    ]);
  });
});
