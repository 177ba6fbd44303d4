// The request log end to end: the official openai SDK through the gateway on its embedded SQLite
// default, then the admin API reads back what was recorded - ids, attempts, usage, cost, the body
// policy per route - and the database files never hold a credential.

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import type { APIError } from 'openai';
import type OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../src/telemetry/request-record.js';
import { message } from './fixtures/anthropic-wire.js';
import { completion, textStream, sse, chunk } from './fixtures/openai-wire.js';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';
import { openaiClient } from './support/sdk-clients.js';

let client: OpenAI;

const extraModels = `
  logged-full:
    targets: [{ provider: openai, model: gpt-4o-mini-2024-07-18 }]
    records: { body: full }
  logged-redacted:
    targets: [{ provider: openai, model: gpt-4o-mini-2024-07-18 }]
    records: { body: redacted }
  two-targets:
    targets: [{ provider: openai, model: gpt-4o-mini-2024-07-18 }, { provider: openai, model: gpt-4o-2024-08-06 }]
`;

const suite = mockGatewaySuite(extraModels);

beforeAll(() => {
  client = openaiClient(suite.gateway);
});

async function admin(pathAndQuery: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${suite.gateway.url}${pathAndQuery}`, {
    headers: { authorization: `Bearer ${suite.gateway.adminToken}` },
  });
  return { status: response.status, body: await response.json() };
}

/** The record of a request id, once the writer has stored it. */
async function recordOf(requestId: string): Promise<RequestRecord> {
  for (let tries = 0; tries < 100; tries++) {
    const { status, body } = await admin(`/admin/records/${requestId}`);
    if (status === 200) return body as RequestRecord;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no record for ${requestId}`);
}

describe('what a request leaves behind', () => {
  it('records ids, the attempt, usage as reported and normalised, and the cost from the catalog', async () => {
    suite.openai.reply({ kind: 'json', body: completion() });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const { response } = await client.chat.completions
      .create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'my secret plan' }] },
        {
          headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-switchyard-session': 'session-7' },
        },
      )
      .withResponse();
    const requestId = response.headers.get('x-request-id') as string;
    const record = await recordOf(requestId);

    expect(record).toMatchObject({
      id: requestId,
      traceId,
      parentSpanId: '00f067aa0ba902b7',
      sessionId: 'session-7',
      operation: 'chat',
      dialect: 'openai',
      stream: false,
      model: 'gpt-4o-mini',
      route: 'gpt-4o-mini',
      provider: 'openai',
      providerType: 'openai',
      upstreamModel: 'gpt-4o-mini-2024-07-18',
      responseModel: 'gpt-4o-mini-2024-07-18',
      status: 200,
      outcome: 'ok',
      finishReason: 'stop',
      organizationId: 'default',
      bodyPolicy: 'metadata',
    });
    expect(record.keyId).toMatch(/.+/);
    expect(record.usage).toMatchObject({
      source: 'provider',
      inputTokens: 1200,
      outputTokens: 7,
      cacheReadTokens: 1000,
      reported: { prompt_tokens: 1200, completion_tokens: 7 },
    });
    // gpt-4o-mini: 200 plain input x $0.15/M + 1000 cached x $0.075/M + 7 output x $0.60/M.
    expect(record.cost.usd).toBeCloseTo(200 * 0.15e-6 + 1000 * 0.075e-6 + 7 * 0.6e-6, 12);
    expect(record.cost.unknown).toEqual([]);
    expect(record.attempts).toHaveLength(1);
    expect(record.attempts[0]).toMatchObject({ number: 0, status: 200, outcome: 'ok', provider: 'openai' });
    // The upstream saw the same trace, with the attempt's span as parent.
    expect(suite.openai.last.headers.traceparent).toBe(`00-${traceId}-${record.attempts[0]!.spanId}-01`);
    // Metadata only: the shape, never the words.
    expect(record.prompt).not.toContain('secret plan');
    expect(JSON.parse(record.prompt as string)).toMatchObject({ messages: 1, roles: { user: 1 } });
    expect(record.doneAt).toBeGreaterThanOrEqual(record.receivedAt);
  });

  it('records a stream: first token time, finish reason and the usage chunk the client did not ask for', async () => {
    suite.openai.reply({ kind: 'sse', events: textStream(['Hel', 'lo']) });
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true })
      .withResponse();
    for await (const _part of stream) {
      // drain
    }
    const record = await recordOf(response.headers.get('x-request-id') as string);
    expect(record).toMatchObject({ stream: true, outcome: 'ok', finishReason: 'stop', status: 200 });
    expect(record.usage).toMatchObject({ source: 'provider', inputTokens: 12, outputTokens: 3 });
    expect(record.firstTokenAt).not.toBeNull();
    expect(record.firstTokenAt as number).toBeLessThanOrEqual(record.doneAt);
  });

  it('estimates usage with a tokenizer when the client leaves mid-stream', async () => {
    const events = [
      sse(chunk({ role: 'assistant', content: '' })),
      sse(chunk({ content: 'The quick brown fox jumps over the lazy dog.' })),
    ];
    suite.openai.reply({ kind: 'sse', events, stallMs: 5_000 });
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'tell me a story about a fox' }],
        stream: true,
      })
      .withResponse();
    let seen = '';
    // Leaving the loop aborts the SDK's request: the client goes away mid-stream.
    for await (const part of stream) {
      seen += part.choices[0]?.delta.content ?? '';
      if (seen.includes('dog.')) break;
    }
    const record = await recordOf(response.headers.get('x-request-id') as string);
    expect(record.outcome).toBe('cancelled');
    expect(record.usage.source).toBe('estimated');
    expect(record.usage.inputTokens).toBeGreaterThan(5);
    expect(record.usage.outputTokens).toBe(10);
    expect(record.cost.usd).toBeGreaterThan(0);
    expect(record.attempts[0]?.outcome).toBe('cancelled');
  });

  it('records every attempt of a request that failed over', async () => {
    suite.openai.reply(
      { kind: 'json', status: 500, body: { error: { message: 'boom', type: 'server_error' } } },
      { kind: 'json', body: completion({ model: 'gpt-4o-2024-08-06' }) },
    );
    const { response } = await client.chat.completions
      .create({ model: 'two-targets', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    const record = await recordOf(response.headers.get('x-request-id') as string);
    expect(record.attempts.map((attempt) => [attempt.number, attempt.status, attempt.outcome])).toEqual([
      [0, 500, 'error'],
      [1, 200, 'ok'],
    ]);
    expect(record.attempts[0]?.errorCode).toBe('upstream_error');
    // Metadata policy: the upstream's error text is a body and is not kept.
    expect(record.attempts[0]?.errorMessage).toBeNull();
    expect(record.upstreamModel).toBe('gpt-4o-2024-08-06');
  });

  it('records refused requests too, with their error', async () => {
    const error = await client.chat.completions
      .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse()
      .catch((thrown: unknown) => thrown as APIError);
    const requestId = (error as APIError).headers?.get('x-request-id') as string;
    // One request id header (an error answer once carried it twice).
    expect(requestId).toMatch(/^req_[0-9a-f]{32}$/);
    const record = await recordOf(requestId);
    expect(record).toMatchObject({
      status: 404,
      outcome: 'error',
      errorCode: 'model_not_found',
      route: null,
    });
    expect(record.usage.source).toBe('none');
    expect(record.attempts).toEqual([]);
  });
});

describe('other dialects and operations', () => {
  it('records an Anthropic Messages call with its cache writes priced apart', async () => {
    suite.anthropic.reply({ kind: 'json', body: message() });
    const anthropic = new Anthropic({ baseURL: suite.gateway.url, apiKey: suite.gateway.key, maxRetries: 0 });
    const { response } = await anthropic.messages
      .create({ model: 'claude-haiku', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    const record = await recordOf(response.headers.get('request-id') as string);
    expect(record).toMatchObject({ dialect: 'anthropic', provider: 'anthropic', finishReason: 'stop' });
    // Anthropic's input_tokens (100) leaves out cache reads (1000) and writes (50): all 1150 are input.
    expect(record.usage).toMatchObject({
      inputTokens: 1150,
      cacheReadTokens: 1000,
      cacheWriteTokens: 50,
      outputTokens: 7,
      reported: { input_tokens: 100 },
    });
    // Claude 3.5 Haiku: 100 x $0.80/M + 1000 cached x $0.08/M + 50 written x $1.00/M + 7 x $4/M.
    expect(record.cost.usd).toBeCloseTo((100 * 0.8 + 1000 * 0.08 + 50 * 1 + 7 * 4) / 1e6, 12);
    suite.anthropic.forget();
  });

  it('records an embeddings call with the tokens the upstream reported', async () => {
    suite.openai.reply({
      kind: 'json',
      body: {
        object: 'list',
        model: 'text-embedding-3-small',
        data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
        usage: { prompt_tokens: 8, total_tokens: 8 },
      },
    });
    const { response } = await client.embeddings
      .create({ model: 'text-embedding-3-small', input: 'hello there', encoding_format: 'float' })
      .withResponse();
    const record = await recordOf(response.headers.get('x-request-id') as string);
    expect(record).toMatchObject({ operation: 'embeddings', status: 200, outcome: 'ok' });
    expect(record.usage).toMatchObject({
      source: 'provider',
      inputTokens: 8,
      reported: { prompt_tokens: 8 },
    });
    // text-embedding-3-small: 8 x $0.02/M.
    expect(record.cost.usd).toBeCloseTo((8 * 0.02) / 1e6, 14);
  });
});

describe('body policy per route', () => {
  it('keeps the words on a full route, masks personal data on a redacted one', async () => {
    suite.openai.reply({ kind: 'json', body: completion() }, { kind: 'json', body: completion() });
    const full = await client.chat.completions
      .create({ model: 'logged-full', messages: [{ role: 'user', content: 'mail jane@example.com' }] })
      .withResponse();
    const redacted = await client.chat.completions
      .create({ model: 'logged-redacted', messages: [{ role: 'user', content: 'mail jane@example.com' }] })
      .withResponse();
    const fullRecord = await recordOf(full.response.headers.get('x-request-id') as string);
    const redactedRecord = await recordOf(redacted.response.headers.get('x-request-id') as string);
    expect(fullRecord.bodyPolicy).toBe('full');
    expect(fullRecord.prompt).toContain('jane@example.com');
    expect(fullRecord.response).toContain('Hello there.');
    expect(redactedRecord.bodyPolicy).toBe('redacted');
    expect(redactedRecord.prompt).not.toContain('jane@example.com');
    expect(redactedRecord.prompt).toContain('[REDACTED:email]');
  });

  it('never keeps an upstream credential, even in a full error body that echoes it', async () => {
    suite.openai.reply({
      kind: 'json',
      status: 400,
      body: { error: { message: 'Bad key upstream-openai-key for you', type: 'invalid_request_error' } },
    });
    const error = await client.chat.completions
      .create({ model: 'logged-full', messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown: unknown) => thrown as APIError);
    const record = await recordOf((error as APIError).headers?.get('x-request-id') as string);
    expect(record.errorMessage).toContain('[REDACTED:credential]');
    expect(JSON.stringify(record)).not.toContain('upstream-openai-key');
  });
});

describe('the admin API over the log', () => {
  it('needs the admin token, and a virtual key is refused', async () => {
    expect((await fetch(`${suite.gateway.url}/admin/records`)).status).toBe(401);
    const withKey = await fetch(`${suite.gateway.url}/admin/records`, {
      headers: { authorization: `Bearer ${suite.gateway.key}` },
    });
    expect(withKey.status).toBe(403);
  });

  it('rejects bad filters with a 400 naming the parameter', async () => {
    for (const query of [
      'status=abc',
      'limit=0',
      'from=yesterday',
      'trace=XYZ',
      'semantic=near',
      'nonsense=1',
      'limit=1&limit=2',
    ]) {
      const { status, body } = await admin(`/admin/records?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.message, query).toMatch(/.+/);
    }
    const { status } = await admin('/admin/records?cursor=not-a-cursor');
    expect(status).toBe(400);
  });

  it('filters by model and status and pages with a cursor without gaps or repeats', async () => {
    suite.openai.always({ kind: 'json', body: completion() });
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      const { response } = await client.chat.completions
        .create({ model: 'logged-full', messages: [{ role: 'user', content: `page ${index}` }] })
        .withResponse();
      ids.push(response.headers.get('x-request-id') as string);
    }
    await recordOf(ids.at(-1) as string);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { status, body } = await admin(
        `/admin/records?model=logged-full&status=2xx&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(status).toBe(200);
      seen.push(...body.data.map((record: RequestRecord) => record.id));
      cursor = body.nextCursor;
    } while (cursor !== undefined);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of ids) expect(seen).toContain(id);
    const search = await admin(`/admin/records?q=${encodeURIComponent('page 3')}`);
    expect(search.body.data.map((record: RequestRecord) => record.id)).toContain(ids[3]);
  });

  it('sums usage by model', async () => {
    const { status, body } = await admin('/admin/usage?groupBy=model');
    expect(status).toBe(200);
    const row = body.data.find((entry: { group: string }) => entry.group === 'gpt-4o-mini');
    expect(row.requests).toBeGreaterThanOrEqual(1);
    expect(row.inputTokens).toBeGreaterThan(0);
    expect(row.costUsd).toBeGreaterThan(0);
  });
});

describe('credentials never reach the database', () => {
  it('holds no virtual key, admin token or upstream key in any file of the data dir', async () => {
    await suite.gateway.gateway.records.settled();
    for (const file of readdirSync(suite.gateway.dataDir, { recursive: true }) as string[]) {
      const full = path.join(suite.gateway.dataDir, file);
      let bytes: Buffer;
      try {
        bytes = readFileSync(full);
      } catch {
        continue;
      }
      for (const secret of [
        suite.gateway.key,
        suite.gateway.adminToken,
        'upstream-openai-key',
        'upstream-anthropic-key',
      ]) {
        expect(bytes.includes(secret), `${file} holds ${secret.slice(0, 8)}…`).toBe(false);
      }
    }
  });
});
