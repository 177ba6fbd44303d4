// Keys, usage and cost, and the request log, end to end: costs hand-computed from the catalog prices
// (docs/catalog.md, src/catalog/models/*.ts): OpenAI's cached_tokens are part of prompt_tokens;
// Anthropic's cache_read/cache_creation tokens are not part of input_tokens (1h writes at 2x input).

import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { event, message, messageEnd, messageStart, ping, textBlock } from './fixtures/anthropic-wire.js';
import { chunk, completion, done, sse, usageChunk } from './fixtures/openai-wire.js';
import { fetchRecord } from './support/fetch-record.js';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';
import { anthropicClient, openaiClient } from './support/sdk-clients.js';

let openai: OpenAI;
let anthropic: Anthropic;

const extra = `
  sonnet:
    targets: [{ provider: anthropic, model: claude-sonnet-4-20250514 }]
  o3-mini:
    targets: [{ provider: openai, model: o3-mini }]
  cached:
    cache: { enabled: true }
    targets: [{ provider: openai, model: gpt-4o-mini-2024-07-18 }]
  hedged:
    hedge: { delayMs: 30 }
    targets: [{ provider: openai, model: gpt-4o-2024-08-06 }, { provider: openai, model: gpt-4o-mini-2024-07-18 }]
`;

const suite = mockGatewaySuite(extra);

beforeAll(() => {
  openai = openaiClient(suite.gateway);
  anthropic = anthropicClient(suite.gateway);
});

afterEach(() => {
  suite.openai.validate(() => undefined);
});

const M = 1e-6;

describe('cost', () => {
  it('anthropic stream with 1h cache writes', async () => {
    const start = event({
      type: 'message_start',
      message: message({
        content: [],
        stop_reason: null,
        usage: {
          ...message().usage,
          input_tokens: 100,
          cache_read_input_tokens: 1000,
          cache_creation_input_tokens: 50,
          cache_creation: { ephemeral_1h_input_tokens: 50, ephemeral_5m_input_tokens: 0 },
          output_tokens: 1,
        },
      }),
    });
    suite.anthropic.reply({
      kind: 'sse',
      events: [
        start,
        ping,
        ...textBlock(0, ['Hi']),
        event({
          type: 'message_delta',
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { output_tokens: 9 },
        } as any),
        event({ type: 'message_stop' }),
      ],
    });
    const { response, data } = await anthropic.messages
      .create({
        model: 'claude-haiku',
        max_tokens: 50,
        stream: true,
        messages: [{ role: 'user', content: 'x' }],
      })
      .withResponse();
    for await (const _ of data) {
      // drain
    }
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(record.usage).toMatchObject({
      inputTokens: 1150,
      outputTokens: 9,
      cacheReadTokens: 1000,
      cacheWriteTokens: 50,
    });
    // haiku 3.5: 0.8 in, 4 out, 0.08 read, 1.6 1h write
    expect(record.cost.usd).toBeCloseTo(100 * 0.8 * M + 1000 * 0.08 * M + 50 * 1.6 * M + 9 * 4 * M, 12);
  });

  it('openai client on anthropic upstream: prompt_tokens includes cache reads and writes', async () => {
    suite.anthropic.reply({ kind: 'json', body: message() });
    const { data, response } = await openai.chat.completions
      .create({ model: 'claude-haiku', messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    expect(data.usage?.prompt_tokens).toBe(1150);
    expect(data.usage?.prompt_tokens_details?.cached_tokens).toBe(1000);
    expect(data.usage?.total_tokens).toBe(1157);
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(record.cost.usd).toBeCloseTo(100 * 0.8 * M + 1000 * 0.08 * M + 50 * 1.0 * M + 7 * 4 * M, 12);
  });

  it('anthropic client on openai upstream: cached tokens split out of input_tokens', async () => {
    suite.openai.reply({ kind: 'json', body: completion() });
    const { data, response } = await anthropic.messages
      .create({ model: 'gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    expect(data.usage.input_tokens).toBe(200);
    expect(data.usage.cache_read_input_tokens).toBe(1000);
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(record.cost.usd).toBeCloseTo(200 * 0.15 * M + 1000 * 0.075 * M + 7 * 0.6 * M, 12);
  });

  it('anthropic client streaming from openai upstream: message_delta usage', async () => {
    suite.openai.reply({
      kind: 'sse',
      events: [
        sse(chunk({ role: 'assistant', content: '' })),
        sse(chunk({ content: 'Hi' })),
        sse(chunk({}, 'stop')),
        sse(usageChunk(1200, 7, 1000)),
        done,
      ],
    });
    const stream = anthropic.messages.stream({
      model: 'gpt-4o-mini',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'x' }],
    });
    const final = await stream.finalMessage();
    expect(final.usage.output_tokens).toBe(7);
    expect(final.usage.input_tokens + (final.usage.cache_read_input_tokens ?? 0)).toBe(1200);
  });

  it('reasoning tokens billed as output on o3-mini', async () => {
    suite.openai.reply({
      kind: 'json',
      body: completion({
        model: 'o3-mini',
        usage: {
          prompt_tokens: 100,
          completion_tokens: 500,
          total_tokens: 600,
          completion_tokens_details: { reasoning_tokens: 400 },
        },
      }),
    });
    const { response } = await openai.chat.completions
      .create({ model: 'o3-mini', messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(record.cost.usd).toBeCloseTo(100 * 1.1 * M + 500 * 4.4 * M, 12);
  });

  it('sonnet 4 long context: every token at the long-context price', async () => {
    suite.anthropic.reply({
      kind: 'json',
      body: message({
        model: 'claude-sonnet-4-20250514',
        usage: {
          ...message().usage,
          input_tokens: 5000,
          cache_read_input_tokens: 200_000,
          cache_creation_input_tokens: 0,
          output_tokens: 100,
        },
      }),
    });
    const { response } = await openai.chat.completions
      .create({ model: 'sonnet', messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(record.cost.tier).toBe('long-context');
    expect(record.cost.usd).toBeCloseTo(5000 * 6 * M + 200_000 * 0.6 * M + 100 * 22.5 * M, 12);
  });
});

describe('cache hits', () => {
  it('a cache hit is recorded once, free, with the saved cost', async () => {
    suite.openai.always({ kind: 'json', body: completion() });
    const body = { model: 'cached', messages: [{ role: 'user' as const, content: 'cache me please' }] };
    const first = await openai.chat.completions.create(body).withResponse();
    const firstRecord = await fetchRecord(suite.gateway, first.response.headers.get('x-request-id')!);
    const second = await openai.chat.completions.create(body).withResponse();
    const record = await fetchRecord(suite.gateway, second.response.headers.get('x-request-id')!);
    expect(record.cache).toBe('hit');
    expect(record.cost.usd).toBe(0);
    expect(record.cost.saved.usd).toBeCloseTo(firstRecord.cost.usd, 12);
    expect(record.keyId).toBe(firstRecord.keyId);
    expect(second.data.usage?.prompt_tokens).toBe(1200);
  });
});

describe('streamed usage across dialects', () => {
  it('openai client with include_usage on an anthropic stream gets one usage chunk with cache tokens in prompt_tokens', async () => {
    suite.anthropic.reply({
      kind: 'sse',
      events: [messageStart(), ping, ...textBlock(0, ['Hi']), ...messageEnd('end_turn', 5)],
    });
    const { data, response } = await openai.chat.completions
      .create({
        model: 'claude-haiku',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'x' }],
      })
      .withResponse();
    const usages: any[] = [];
    for await (const part of data) if (part.usage) usages.push(part.usage);
    expect(usages).toHaveLength(1);
    expect(usages[0]).toMatchObject({ prompt_tokens: 1150, completion_tokens: 5, total_tokens: 1155 });
    expect(usages[0].prompt_tokens_details?.cached_tokens).toBe(1000);
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(record.cost.usd).toBeCloseTo(100 * 0.8 * M + 1000 * 0.08 * M + 50 * 1.0 * M + 5 * 4 * M, 12);
  });

  it('an anthropic stream cut after message_start keeps the reported cache reads and prices them as cache reads', async () => {
    suite.anthropic.reply({
      kind: 'sse',
      events: [messageStart(), ping, ...textBlock(0, ['Hello', ' there']).slice(0, 3)],
      cut: true,
    });
    const response = await fetch(`${suite.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': suite.gateway.key,
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: 'claude-haiku',
        max_tokens: 50,
        stream: true,
        messages: [{ role: 'user', content: 'x' }],
      }),
    });
    await response.text();
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(record.outcome).toBe('error');
    expect(record.usage).toMatchObject({
      source: 'estimated',
      inputTokens: 1150,
      cacheReadTokens: 1000,
      cacheWriteTokens: 50,
    });
    const output = record.usage.outputTokens;
    expect(output).toBeGreaterThan(0);
    expect(record.cost.usd).toBeCloseTo(100 * 0.8 * M + 1000 * 0.08 * M + 50 * 1.0 * M + output * 4 * M, 12);
  });

  it('an openai stream cut before its usage chunk is estimated and priced', async () => {
    suite.openai.reply({
      kind: 'sse',
      events: [sse(chunk({ role: 'assistant', content: '' })), sse(chunk({ content: 'Hello world' }))],
      cut: true,
    });
    const { data, response } = await openai.chat.completions
      .create({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'count my tokens' }],
      })
      .withResponse();
    try {
      for await (const _ of data) {
        // drain
      }
    } catch {
      // the stream ends with an error event
    }
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(record.usage.source).toBe('estimated');
    expect(record.usage.inputTokens).toBeGreaterThan(0);
    expect(record.usage.outputTokens).toBeGreaterThan(0);
    expect(record.cost.usd).toBeGreaterThan(0);
  });
});

async function call(token: string, path: string, init: RequestInit = {}) {
  const response = await fetch(`${suite.gateway.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(init.headers ?? {}),
    },
  });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, headers: response.headers };
}

async function otherOrg() {
  const authenticator = suite.gateway.gateway.authenticator;
  const admin = await authenticator.createKey({
    name: 'b admin',
    kind: 'admin',
    scope: { organizationId: 'org-b' },
  });
  const key = await authenticator.createKey({
    name: 'b key',
    kind: 'virtual',
    scope: { organizationId: 'org-b' },
  });
  return { admin: admin.key, key: key.key, keyId: key.record.id };
}

describe('tenants', () => {
  it('an organisation never sees or touches another one keys, records, usage or cached answers', async () => {
    const b = await otherOrg();
    suite.openai.always({ kind: 'json', body: completion() });
    // org A (default) caches an answer.
    const a1 = await call(suite.gateway.key, '/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({
        model: 'cached',
        messages: [{ role: 'user', content: 'tenant secret prompt 7' }],
      }),
    });
    expect(a1.status).toBe(200);
    const aId = a1.headers.get('x-request-id')!;
    await fetchRecord(suite.gateway, aId);
    // org B asks the same: must not get org A's cached answer.
    const b1 = await call(b.key, '/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({
        model: 'cached',
        messages: [{ role: 'user', content: 'tenant secret prompt 7' }],
      }),
    });
    expect(b1.status).toBe(200);
    const bId = b1.headers.get('x-request-id')!;
    // B's record is visible to B, not to A, and vice versa.
    let bRecord: any;
    for (let i = 0; i < 100; i++) {
      const r = await call(b.admin, `/admin/records/${bId}`);
      if (r.status === 200) {
        bRecord = r.body;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(bRecord.organizationId).toBe('org-b');
    expect(bRecord.cache).toBe('miss');
    expect((await call(suite.gateway.adminToken, `/admin/records/${bId}`)).status).toBe(404);
    expect((await call(b.admin, `/admin/records/${aId}`)).status).toBe(404);
    const bList = await call(b.admin, '/admin/records?limit=1000');
    expect(bList.body.data.map((r: any) => r.id)).toEqual([bId]);
    const aList = await call(suite.gateway.adminToken, '/admin/records?limit=1000');
    expect(aList.body.data.map((r: any) => r.id)).not.toContain(bId);
    const bUsage = await call(b.admin, '/admin/usage?groupBy=key');
    expect(bUsage.body.data).toHaveLength(1);
    expect(bUsage.body.data[0]).toMatchObject({ group: b.keyId, requests: 1 });
    // Keys: B lists only its own; cannot revoke A's.
    const bKeys = await call(b.admin, '/admin/keys');
    expect(bKeys.body.data.every((k: any) => k.scope.organizationId === 'org-b')).toBe(true);
    const aKeys = await call(suite.gateway.adminToken, '/admin/keys');
    const aKeyId = aKeys.body.data.find((k: any) => k.kind === 'virtual').id;
    expect((await call(b.admin, `/admin/keys/${aKeyId}`, { method: 'DELETE' })).status).toBe(404);
    const still = await call(suite.gateway.key, '/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'still works' }] }),
    });
    expect(still.status).toBe(200);
    // B creating a key through the API gets it in org-b.
    const created = await call(b.admin, '/admin/keys', {
      method: 'POST',
      body: JSON.stringify({ name: 'b2' }),
    });
    expect(created.status).toBe(201);
    expect(created.body.record.scope.organizationId).toBe('org-b');
  });
});

describe('exactly once', () => {
  it('parallel requests, half of them streams the client abandons, leave one record each', async () => {
    suite.openai.always({
      kind: 'sse',
      events: [
        sse(chunk({ role: 'assistant', content: '' })),
        sse(chunk({ content: 'a' }), 5),
        sse(chunk({ content: 'b' }), 150),
        sse(chunk({}, 'stop')),
        sse(usageChunk(12, 3, 0)),
        done,
      ],
    });
    const session = `exactly-once-${Date.now()}`;
    const ids: string[] = [];
    const jobs = Array.from({ length: 30 }, async (_, index) => {
      const controller = new AbortController();
      const response = await fetch(`${suite.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        signal: controller.signal,
        headers: {
          authorization: `Bearer ${suite.gateway.key}`,
          'content-type': 'application/json',
          'x-switchyard-session': session,
        },
        body: JSON.stringify({
          model: 'gpt-4o-mini',
          stream: true,
          messages: [{ role: 'user', content: `n${index}` }],
        }),
      });
      ids.push(response.headers.get('x-request-id')!);
      const reader = response.body!.getReader();
      await reader.read();
      if (index % 2 === 0) {
        controller.abort();
        return;
      }
      while (!(await reader.read()).done) {
        // drain
      }
    });
    await Promise.allSettled(jobs);
    for (const id of ids) await fetchRecord(suite.gateway, id);
    await suite.gateway.gateway.records.settled();
    const page = await call(suite.gateway.adminToken, `/admin/records?session=${session}&limit=1000`);
    expect(page.body.data).toHaveLength(30);
    const outcomes = page.body.data.map((r: any) => r.outcome).sort();
    expect(outcomes.filter((o: string) => o === 'cancelled')).toHaveLength(15);
    expect(outcomes.filter((o: string) => o === 'ok')).toHaveLength(15);
    for (const r of page.body.data) expect(r.usage.inputTokens).toBeGreaterThan(0);
  });
});

describe('hedges in usage', () => {
  it('usage totals include the called-off attempt cost', async () => {
    let n = 0;
    suite.openai.validate(() => {
      n += 1;
      return n === 1 ? { kind: 'hang' } : { kind: 'json', body: completion() };
    });
    const { response } = await openai.chat.completions
      .create({ model: 'hedged', messages: [{ role: 'user', content: 'hedge me' }] })
      .withResponse();
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(response.headers.get('x-switchyard-hedge')).toBe('hedge-won');
    expect(record.cost.calledOff).toHaveLength(1);
    const usage = await call(suite.gateway.adminToken, '/admin/usage?groupBy=route');
    const row = usage.body.data.find((r: any) => r.group === 'hedged');
    expect(row.costUsd).toBeCloseTo(record.cost.usd, 12);
    expect(record.cost.usd).toBeGreaterThan(record.cost.lines.reduce((s: number, l: any) => s + l.usd, 0));
  });
});
