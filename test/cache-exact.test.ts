// The exact cache end to end (issue 6): the official SDKs as clients, a counting upstream behind.
// A repeated request is answered from the cache (JSON or stream, either dialect) without reaching
// the upstream, and its record costs nothing; errors, cut streams and other callers' answers are
// never served.

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { FaultPlan } from '../src/upstream/testing/fault-plan.js';
import { startFaultGateway, type FaultGateway } from './support/fault-gateway.js';
import type { TestGateway } from './support/test-gateway.js';
import { fetchRecord } from './support/fetch-record.js';

const question = [{ role: 'user' as const, content: 'What is the capital of France?' }];

async function start(plan: FaultPlan = {}, cache = '{ enabled: true }', extra = ''): Promise<FaultGateway> {
  return startFaultGateway(
    { upstream: plan },
    `defaults:
  retry: { attempts: 0 }
models:
  chat:
    cache: ${cache}
    targets: [{ provider: upstream, model: gpt-4o-mini }]
  uncached:
    targets: [{ provider: upstream, model: gpt-4o-mini }]
records:
  flushIntervalMs: 20
${extra}`,
  );
}

function openai(gateway: TestGateway, key = gateway.key, headers: Record<string, string> = {}): OpenAI {
  return new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0, defaultHeaders: headers });
}

async function ask(
  gateway: TestGateway,
  options: { model?: string; key?: string; headers?: Record<string, string>; content?: string } = {},
) {
  const { data, response } = await openai(gateway, options.key, options.headers)
    .chat.completions.create({
      model: options.model ?? 'chat',
      messages: [{ role: 'user', content: options.content ?? question[0]!.content }],
    })
    .withResponse();
  return { data, cache: response.headers.get('x-switchyard-cache'), response };
}

async function streamText(gateway: TestGateway, headers: Record<string, string> = {}) {
  const { data: stream, response } = await openai(gateway, gateway.key, headers)
    .chat.completions.create({
      model: 'chat',
      messages: question,
      stream: true,
      stream_options: { include_usage: true },
    })
    .withResponse();
  let text = '';
  let usage: unknown;
  let finish: string | null | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    finish ??= chunk.choices[0]?.finish_reason;
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, usage, finish, cache: response.headers.get('x-switchyard-cache') };
}

/** The cache is written just after the answer: wait until a repeat is a hit. */
async function untilCached(read: () => Promise<{ cache: string | null }>): Promise<void> {
  await expect.poll(async () => (await read()).cache, { timeout: 2000 }).toBe('hit');
}

describe('exact cache', () => {
  it('answers a repeated request from the cache, byte for byte, without the upstream', async () => {
    const { gateway, upstreams } = await start();
    const first = await ask(gateway);
    expect(first.cache).toBe('miss');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await ask(gateway);
    expect(second.cache).toBe('hit');
    expect(second.data).toEqual(first.data);
    expect(Number(second.response.headers.get('age'))).toBeGreaterThanOrEqual(0);
    expect(upstreams.upstream!.requests).toBe(1);
    // A route without a cache says nothing and always goes upstream.
    const plain = await ask(gateway, { model: 'uncached' });
    expect(plain.cache).toBeNull();
    expect(upstreams.upstream!.requests).toBe(2);
  });

  it('records a hit as free, with the tokens and cost it saved', async () => {
    const { gateway } = await start();
    const miss = await ask(gateway);
    await untilCached(() => ask(gateway));
    const hit = await ask(gateway);
    const missRecord = await fetchRecord(gateway, miss.response.headers.get('x-request-id')!);
    const hitRecord = await fetchRecord(gateway, hit.response.headers.get('x-request-id')!);
    expect(missRecord.cache).toBe('miss');
    expect(missRecord.cost.usd).toBeGreaterThan(0);
    expect(hitRecord).toMatchObject({ cache: 'hit', provider: null, attempts: [] });
    expect(hitRecord.usage).toMatchObject({ inputTokens: 0, outputTokens: 0, source: 'none' });
    expect(hitRecord.cost.usd).toBe(0);
    expect(hitRecord.cost.saved).toEqual({
      inputTokens: missRecord.usage.inputTokens,
      outputTokens: missRecord.usage.outputTokens,
      usd: missRecord.cost.usd,
    });
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_cache_requests_total\{verdict="hit"\} [1-9]/);
    const saved = /switchyard_cache_saved_usd_total\{route="chat"\} (\S+)/.exec(metrics)?.[1];
    expect(Number(saved)).toBeGreaterThanOrEqual(missRecord.cost.usd);
    // The in-process store's own figures: what it holds against its size.
    const figure = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect(figure('switchyard_cache_entries')).toBeGreaterThanOrEqual(1);
    expect(figure('switchyard_cache_bytes')).toBeGreaterThan(0);
    expect(figure('switchyard_cache_capacity_bytes')).toBeGreaterThan(figure('switchyard_cache_bytes'));
    expect(figure('switchyard_cache_evicted_total')).toBe(0);
  });

  it('replays a cached JSON answer as a well-formed stream, and a streamed answer as JSON', async () => {
    const { gateway, upstreams } = await start();
    const json = await ask(gateway);
    await untilCached(() => ask(gateway));
    const replayed = await streamText(gateway);
    expect(replayed.cache).toBe('hit');
    expect(replayed.text).toBe(json.data.choices[0]!.message.content);
    expect(replayed.finish).toBe('stop');
    expect(replayed.usage).toMatchObject({ prompt_tokens: json.data.usage!.prompt_tokens });
    expect(upstreams.upstream!.requests).toBe(1);

    const other = await start();
    const streamed = await streamText(other.gateway);
    expect(streamed.cache).toBe('miss');
    await untilCached(() => ask(other.gateway));
    const fromStream = await ask(other.gateway);
    expect(fromStream.data.choices[0]!.message.content).toBe(streamed.text);
    expect(other.upstreams.upstream!.requests).toBe(1);
  });

  it('replays to an Anthropic client in its own dialect', async () => {
    const { gateway, upstreams } = await start();
    const client = new Anthropic({ baseURL: gateway.url, apiKey: gateway.key, maxRetries: 0 });
    const ask = () =>
      client.messages.create({ model: 'chat', max_tokens: 100, messages: question }).withResponse();
    const first = await ask();
    expect(first.response.headers.get('x-switchyard-cache')).toBe('miss');
    await expect.poll(async () => (await ask()).response.headers.get('x-switchyard-cache')).toBe('hit');
    const stream = client.messages.stream({ model: 'chat', max_tokens: 100, messages: question });
    const final = await stream.finalMessage();
    expect(final.content).toEqual(first.data.content);
    expect(final.stop_reason).toBe('end_turn');
    expect(upstreams.upstream!.requests).toBe(1);
  });

  it('never stores an error, a cut stream, or an answer bigger than maxEntryBytes', async () => {
    const failing = await start({ faults: [{ fault: { kind: 'status', status: 500 }, rate: 1 }] });
    await expect(ask(failing.gateway)).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    failing.upstreams.upstream!.setPlan({});
    expect((await ask(failing.gateway)).cache).toBe('miss');

    const cut = await start({ faults: [{ fault: { kind: 'cut-mid-stream', afterChunks: 1 }, rate: 1 }] });
    await expect(streamText(cut.gateway)).rejects.toThrow();
    cut.upstreams.upstream!.setPlan({});
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await ask(cut.gateway)).cache).toBe('miss');

    const small = await start({}, '{ enabled: true, maxEntryBytes: 100 }');
    await ask(small.gateway);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await ask(small.gateway)).cache).toBe('miss');
    expect(small.upstreams.upstream!.requests).toBe(2);
  });

  it('keeps projects apart: a key of another project never gets this answer', async () => {
    const { gateway, upstreams } = await start();
    const created = await fetch(`${gateway.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'other', projectId: 'other-project' }),
    });
    const { key } = (await created.json()) as { key: string };
    await ask(gateway);
    await untilCached(() => ask(gateway));
    expect((await ask(gateway, { key })).cache).toBe('miss');
    expect(upstreams.upstream!.requests).toBe(2);
  });

  it('honours no-cache, no-store, max-age and the namespace header', async () => {
    const { gateway, upstreams } = await start();
    expect((await ask(gateway, { headers: { 'cache-control': 'no-store' } })).cache).toBe('miss');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await ask(gateway)).cache).toBe('miss'); // the no-store answer was not kept
    await untilCached(() => ask(gateway));
    expect((await ask(gateway, { headers: { 'cache-control': 'no-cache' } })).cache).toBe('bypass');
    expect((await ask(gateway, { headers: { 'cache-control': 'max-age=0' } })).cache).not.toBe('hit');
    const namespaced = { 'x-switchyard-cache-namespace': 'tenant-42' };
    expect((await ask(gateway, { headers: namespaced })).cache).toBe('miss');
    await untilCached(() => ask(gateway, { headers: namespaced }));
    const calls = upstreams.upstream!.requests;
    expect((await ask(gateway)).cache).toBe('hit');
    expect(upstreams.upstream!.requests).toBe(calls);
    await expect(ask(gateway, { headers: { 'x-switchyard-cache-namespace': 'two words' } })).rejects.toThrow(
      /x-switchyard-cache-namespace must be/,
    );
  });

  it('purges through the admin API by route, and refuses a purge that names nothing', async () => {
    const { gateway } = await start();
    await ask(gateway);
    await untilCached(() => ask(gateway));
    const purge = (query: string, token = gateway.adminToken) =>
      fetch(`${gateway.url}/admin/cache${query}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await purge('')).status).toBe(400);
    expect((await purge('?all=true&route=chat')).status).toBe(400);
    expect((await purge('?route=chat', gateway.key)).status).toBe(403);
    expect(await (await purge('?route=other')).json()).toEqual({ deleted: 0 });
    expect((await ask(gateway)).cache).toBe('hit');
    expect(await (await purge('?route=chat')).json()).toEqual({ deleted: 1 });
    expect((await ask(gateway)).cache).toBe('miss');
    await untilCached(() => ask(gateway));
    expect(await (await purge('?all=true')).json()).toEqual({ deleted: 1 });
  });

  it('forgets an answer after its TTL', async () => {
    const { gateway } = await start({}, '{ enabled: true, ttlMs: 300 }');
    await ask(gateway);
    await untilCached(() => ask(gateway));
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await ask(gateway)).cache).toBe('miss');
  });

  it('does not serve requests that differ in what changes the answer', async () => {
    const { gateway } = await start();
    await ask(gateway);
    await untilCached(() => ask(gateway));
    expect((await ask(gateway, { content: 'What is the capital of Spain?' })).cache).toBe('miss');
    const client = openai(gateway);
    const warmer = await client.chat.completions
      .create({ model: 'chat', messages: question, temperature: 1.5 })
      .withResponse();
    expect(warmer.response.headers.get('x-switchyard-cache')).toBe('miss');
    const several = await client.chat.completions
      .create({ model: 'chat', messages: question, n: 2 })
      .withResponse();
    expect(several.response.headers.get('x-switchyard-cache')).toBe('bypass');
  });
});
