// Faults and hostile input that the gateway withstands, kept as tests: disconnects, pipelining,
// smuggling attempts, hostile keys and characters, upstream failures, thousands of aborted streams.

import { connect, createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chunk, completion, done, sse, textStream } from './fixtures/openai-wire.js';
import { adminFetch } from './support/admin-fetch.js';
import { fetchRecord } from './support/fetch-record.js';
import { streamChat } from './support/stream-chat.js';
import { startFileGateway } from './support/file-gateway.js';
import { MockUpstream } from './support/mock-upstream.js';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';
import { mockProvidersYaml, startTestGateway, type TestGateway } from './support/test-gateway.js';

describe('client behaviour', () => {
  const extra = `
  full-body:
    records: { body: full }
    targets: [{ provider: openai, model: gpt-4o-mini }]
server:
  requestTimeoutMs: 1500
  headersTimeoutMs: 1000
  maxInFlight: 3
  queueTimeoutMs: 400
`;

  const suite = mockGatewaySuite(extra);
  beforeAll(() => void suite.openai.always({ kind: 'json', body: completion() }));

  const body = (extraFields: Record<string, unknown> = {}, model = 'gpt-4o-mini') =>
    JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extraFields });

  /** Writes raw bytes on a fresh socket; resolves with everything received until close or `waitMs`. */
  async function raw(payload: string | Buffer | Array<string | Buffer>, waitMs = 2000, gapMs = 0) {
    const url = new URL(suite.gateway.url);
    const socket = connect(Number(url.port), url.hostname);
    socket.on('error', () => undefined);
    let received = '';
    socket.on('data', (data) => (received += data.toString('latin1')));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    for (const piece of Array.isArray(payload) ? payload : [payload]) {
      socket.write(piece);
      if (gapMs) await sleep(gapMs);
    }
    await Promise.race([closed, sleep(waitMs)]);
    socket.destroy();
    return received;
  }

  const head = (length: number | undefined, more = '') =>
    `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${suite.gateway.key}\r\n` +
    `Content-Type: application/json\r\n${length === undefined ? '' : `Content-Length: ${length}\r\n`}${more}\r\n`;

  async function post(payload: string | Buffer, headers: Record<string, string> = {}) {
    const response = await fetch(`${suite.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${suite.gateway.key}`,
        ...headers,
      },
      body: payload,
    });
    return {
      status: response.status,
      text: await response.text(),
      id: response.headers.get('x-request-id') ?? '',
    };
  }

  it('records a stream the client abandoned as cancelled', async () => {
    suite.openai.reply({ kind: 'sse', events: textStream(['a']).slice(0, 2), stallMs: 3000 });
    const controller = new AbortController();
    const response = await fetch(`${suite.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.gateway.key}` },
      body: body({ stream: true }),
      signal: controller.signal,
    });
    const id = response.headers.get('x-request-id')!;
    await response.body!.getReader().read();
    controller.abort();
    const record = await fetchRecord(suite.gateway, id);
    expect(record.outcome).toBe('cancelled');
  });

  it('aborts the upstream and records cancelled when the client leaves a non-stream request', async () => {
    suite.openai.reply({ kind: 'hang' });
    const controller = new AbortController();
    const pending = fetch(`${suite.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.gateway.key}` },
      body: body(),
      signal: controller.signal,
    }).catch(() => undefined);
    for (let waited = 0; waited < 2000 && suite.openai.requests.length === 0; waited += 10) await sleep(10);
    controller.abort();
    await pending;
    for (let waited = 0; waited < 2000 && suite.openai.aborted === 0; waited += 20) await sleep(20);
    expect(suite.openai.aborted).toBe(1);
    const listed = await fetch(`${suite.gateway.url}/admin/records?outcome=cancelled&limit=5`, {
      headers: { authorization: `Bearer ${suite.gateway.adminToken}` },
    });
    // Wait until it arrives.
    let data = ((await listed.json()) as any).data as any[];
    for (let tries = 0; tries < 50 && !data.some((r) => r.stream === false); tries++) {
      await sleep(50);
      const again = await fetch(`${suite.gateway.url}/admin/records?outcome=cancelled&limit=5`, {
        headers: { authorization: `Bearer ${suite.gateway.adminToken}` },
      });
      data = ((await again.json()) as any).data;
    }
    expect(data.some((r) => r.stream === false)).toBe(true);
  });

  it('answers 408 to a body that never ends, within requestTimeoutMs', async () => {
    const started = Date.now();
    const received = await raw([head(1000), '{"model":'], 5000);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('answers pipelined requests on one connection, in order', async () => {
    const one = body();
    const received = await raw(head(Buffer.byteLength(one)) + one + head(Buffer.byteLength(one)) + one, 1500);
    expect(received.match(/HTTP\/1\.1 200/g)?.length).toBe(2);
  });

  it('rejects conflicting Content-Length headers and Transfer-Encoding with Content-Length', async () => {
    const one = body();
    const duplicated = await raw(
      head(Buffer.byteLength(one), `Content-Length: ${Buffer.byteLength(one) + 5}\r\n`) + one,
      1000,
    );
    expect(duplicated).toMatch(/^HTTP\/1\.1 400/);
    const smuggle = await raw(
      head(Buffer.byteLength(one), 'Transfer-Encoding: chunked\r\n') + `0\r\n\r\n` + one,
      1000,
    );
    expect(smuggle).toMatch(/^HTTP\/1\.1 400/);
    expect(suite.openai.requests).toHaveLength(0);
  });

  it('answers Expect: 100-continue', async () => {
    const one = body();
    const received = await raw([head(Buffer.byteLength(one), 'Expect: 100-continue\r\n'), one], 1000, 100);
    expect(received).toMatch(/200 OK/);
  });

  it('answers an HTTP/1.0 client streaming request with a well-formed response', async () => {
    suite.openai.reply({ kind: 'sse', events: textStream(['x']) });
    const one = body({ stream: true });
    const received = await raw(head(Buffer.byteLength(one)).replace('HTTP/1.1', 'HTTP/1.0') + one, 2000);
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(received).not.toMatch(/transfer-encoding: chunked/i);
    expect(received).toContain('data: [DONE]');
  });

  it('answers a chunked body past the limit with 413', async () => {
    // 32 MB default limit here: send 33 MB chunked.
    const url = new URL(suite.gateway.url);
    const socket = connect(Number(url.port), url.hostname);
    socket.on('error', () => undefined);
    let received = '';
    socket.on('data', (data) => (received += data.toString('latin1')));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(head(undefined, 'Transfer-Encoding: chunked\r\n'));
    const piece = Buffer.alloc(1024 * 1024, 'a');
    for (let index = 0; index < 34 && !socket.destroyed && received === ''; index++) {
      socket.write(`${piece.length.toString(16)}\r\n`);
      socket.write(piece);
      socket.write('\r\n');
      await sleep(5);
    }
    // A loaded machine can take seconds to read 33 MB: the loop ends as soon as the answer is in.
    for (let waited = 0; waited < 10_000 && received === ''; waited += 20) await sleep(20);
    socket.destroy();
    expect(received).toMatch(/^HTTP\/1\.1 413/);
  });

  it('keeps __proto__ keys as data: nothing is polluted', async () => {
    const result = await post(
      '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi","__proto__":{"polluted":1}}],"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":2}}}',
    );
    expect(result.status).toBeLessThan(500);
    expect(({} as any).polluted).toBeUndefined();
    expect(({} as any).isAdmin).toBeUndefined();
  });

  it('records a prompt with lone surrogates and NUL bytes under body: full, and answers valid JSON', async () => {
    suite.openai.reply({
      kind: 'json',
      body: completion({
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'bad \ud800 and \u0000 nul', refusal: null },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
      }),
    });
    const result = await post(
      '{"model":"full-body","messages":[{"role":"user","content":"lone \\ud800 \\udc00x nul \\u0000 end"}]}',
    );
    expect(result.status).toBe(200);
    expect(() => JSON.parse(result.text)).not.toThrow();
    const record = await fetchRecord(suite.gateway, result.id, 5000);
    expect(record.outcome).toBe('ok');
    expect(JSON.stringify(record.prompt)).toContain('nul');
  });

  it('rejects messages as an object and numbers as strings with 400', async () => {
    expect((await post('{"model":"gpt-4o-mini","messages":{"role":"user","content":"hi"}}')).status).toBe(
      400,
    );
    expect(
      (await post('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"max_tokens":"10"}'))
        .status,
    ).toBe(400);
  });

  it('accepts or clearly rejects a body with a UTF-8 BOM (never 500)', async () => {
    const result = await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body())]));
    expect(result.status).toBeLessThan(500);
  });

  it('does not let clients that trickle their bodies lock every other request out', async () => {
    // maxInFlight is 3: three clients send headers and then a body one byte at a time. A slot is
    // taken once the body is in, so a normal request is answered meanwhile.
    const head =
      `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${suite.gateway.key}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 200\r\n\r\n';
    const trickles = [0, 1, 2].map(() => raw([head, '{', '"', 'm'], 1400, 400));
    try {
      await sleep(150);
      const started = Date.now();
      const result = await post(body());
      expect(result.status, result.text).toBe(200);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(suite.gateway.gateway.admission.active).toBe(0);
    } finally {
      await Promise.all(trickles);
      await sleep(1200); // their bodies time out (requestTimeoutMs 1500)
    }
  });

  it('refuses a gzip-encoded body with 415 rather than misreading it', async () => {
    const result = await post(gzipSync(Buffer.from(body())), { 'content-encoding': 'gzip' });
    expect(result.status, result.text).toBe(415);
  });

  it('answers deeply nested JSON (5,000+ levels) with a 4xx, never a 500', async () => {
    const depth = 100_000;
    const nested = '['.repeat(depth) + ']'.repeat(depth);
    const spots = [
      `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"metadata":${nested}}`,
      `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"x":${nested}}}}}`,
      `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"x":${nested}}}}]}`,
      `{"model":"claude-haiku","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"x":${nested}}}}]}`,
      `{"model":"gpt-4o-mini","messages":[{"role":"user","content":[{"type":"text","text":"hi","x":${nested}}]}]}`,
    ];
    const statuses: number[] = [];
    for (const spot of spots) {
      const result = await post(spot);
      statuses.push(result.status);
    }
    expect(statuses).toEqual(spots.map(() => 400));
  });

  it('takes JSON as deep as a real body needs, and refuses past 1,000 levels with a message', async () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const at = (depth: number) =>
      `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"metadata":{"x":${nested(depth)}}}`;
    expect((await post(at(990))).status).toBe(200);
    const refused = await post(at(1000));
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).error.message).toMatch(/more than 1000 deep/);
  });
});

describe('upstream transport faults', () => {
  let openaiMock: MockUpstream;
  let anthropicMock: MockUpstream;
  let gateway: TestGateway;
  let rawServer: Server;
  let rawPort = 0;
  let refusedPort = 0;
  let rawMode: 'close-after-headers' | 'short-body' = 'close-after-headers';

  beforeAll(async () => {
    openaiMock = await new MockUpstream().start();
    anthropicMock = await new MockUpstream().start();
    // A raw upstream that misbehaves at the TCP level.
    rawServer = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => {
        if (rawMode === 'close-after-headers') {
          socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n');
          setTimeout(() => socket.destroy(), 20);
        } else {
          socket.write(
            'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"id":"x","choices":[{"index":0,',
          );
          setTimeout(() => socket.destroy(), 20);
        }
      });
    });
    await new Promise<void>((resolve) => rawServer.listen(0, '127.0.0.1', resolve));
    rawPort = (rawServer.address() as { port: number }).port;
    // A port nobody listens on.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    refusedPort = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const extra = `
  cached:
    cache: { enabled: true }
    targets: [{ provider: openai, model: gpt-4o-mini }]
  raw:
    targets: [{ provider: rawup, model: m }]
  refused:
    targets: [{ provider: nobody, model: m }]
`;
    const yaml = mockProvidersYaml(openaiMock.url, anthropicMock.url, extra).replace(
      'defaults:',
      `  rawup: { type: openai, baseUrl: http://127.0.0.1:${rawPort}/v1, apiKey: k }
  nobody: { type: openai, baseUrl: http://127.0.0.1:${refusedPort}/v1, apiKey: k }
defaults:`,
    );
    gateway = await startTestGateway(yaml);
  });

  afterAll(async () => {
    await gateway.close();
    await openaiMock.stop();
    await anthropicMock.stop();
    await new Promise<void>((resolve) => rawServer.close(() => resolve()));
  });

  afterEach(() => {
    openaiMock.forget();
    anthropicMock.forget();
  });

  async function chat(model: string, content = 'hi', extraBody: Record<string, unknown> = {}) {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` },
      body: JSON.stringify({ model, messages: [{ role: 'user', content }], ...extraBody }),
    });
    return {
      status: response.status,
      headers: response.headers,
      text: await response.text(),
      id: response.headers.get('x-request-id') ?? '',
    };
  }

  it('answers an Anthropic client with an error when the OpenAI upstream sent no choices', async () => {
    openaiMock.reply({ kind: 'json', body: { id: 'x', object: 'chat.completion', model: 'm' } });
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${gateway.key}`,
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    const text = await response.text();
    // Expected: an upstream error (5xx), not a 200 with an empty answer.
    expect(response.status, text).toBeGreaterThanOrEqual(500);
  });

  it('answers 502 when the upstream refuses connections, and records it as an error', async () => {
    const result = await chat('refused');
    expect([502, 503]).toContain(result.status);
    expect(JSON.parse(result.text).error).toBeTruthy();
    const record = await fetchRecord(gateway, result.id);
    expect(record.outcome).toBe('error');
    expect(record.status).toBe(result.status);
  });

  it('answers 502 (not 200, not 500) when the upstream closes after the headers', async () => {
    rawMode = 'close-after-headers';
    const result = await chat('raw');
    expect(result.status).toBe(502);
    expect(JSON.parse(result.text).error).toBeTruthy();
  });

  it('answers 502 when the upstream sends a short body and closes', async () => {
    rawMode = 'short-body';
    const result = await chat('raw');
    expect(result.status).toBe(502);
  });
});

describe('streamed upstream faults', () => {
  let openaiMock: MockUpstream;
  let backupMock: MockUpstream;
  let gateway: TestGateway;

  beforeAll(async () => {
    openaiMock = await new MockUpstream().start();
    backupMock = await new MockUpstream().start();
    const extra = `
  with-backup:
    targets:
      - { provider: openai, model: primary }
      - { provider: backup, model: secondary }
`;
    const yaml = mockProvidersYaml(openaiMock.url, openaiMock.url, extra).replace(
      'defaults:',
      `  backup: { type: openai, baseUrl: ${backupMock.url}/v1, apiKey: k }
defaults:`,
    );
    gateway = await startTestGateway(yaml);
  });

  afterAll(async () => {
    await gateway.close();
    await openaiMock.stop();
    await backupMock.stop();
  });

  afterEach(() => {
    openaiMock.forget();
    backupMock.forget();
  });

  const stream = (model: string) => streamChat(gateway, model);

  it('ends with an error event when a data: line after the first content is not JSON', async () => {
    openaiMock.reply({
      kind: 'sse',
      events: [
        sse(chunk({ role: 'assistant', content: '' })),
        sse(chunk({ content: 'Hel' })),
        { data: '{"choices":[{"index":0,"delta":{"content":"lo"' },
        sse(chunk({}, 'stop')),
        done,
      ],
    });
    const result = await stream('gpt-4o-mini');
    expect(result.text).toContain('"content":"Hel"');
    expect(result.text).not.toContain('[DONE]');
    expect(result.text.trim().split('\n\n').at(-1)).toMatch(/^data: \{"error"/);
  });

  it('never sends a stream cut after content to a fallback target', async () => {
    openaiMock.reply({ kind: 'sse', events: textStream(['Hel', 'lo']).slice(0, 3), cut: true });
    backupMock.always({ kind: 'sse', events: textStream(['Other']) });
    const result = await stream('with-backup');
    expect(result.text).toContain('"content":"Hel"');
    expect(result.text).not.toContain('Other');
    expect(backupMock.requests).toHaveLength(0);
    expect(openaiMock.requests).toHaveLength(1);
    expect(result.text.match(/"role":"assistant"/g)).toHaveLength(1);
  });

  it('falls back invisibly when the primary fails before content, with one role chunk', async () => {
    openaiMock.reply({ kind: 'json', status: 503, body: { error: { message: 'busy' } } });
    openaiMock.reply({ kind: 'json', status: 503, body: { error: { message: 'busy' } } });
    backupMock.always({ kind: 'sse', events: textStream(['Other']) });
    const result = await stream('with-backup');
    expect(result.text).toContain('"content":"Other"');
    expect(result.text.match(/"role":"assistant"/g)).toHaveLength(1);
    expect(result.text.trim().endsWith('data: [DONE]')).toBe(true);
  });
});

describe('admin API under hostile input', () => {
  const suite = mockGatewaySuite();
  beforeAll(() => void suite.openai.always({ kind: 'json', body: completion() }));

  const admin = (path: string, init: RequestInit = {}, token = suite.gateway.adminToken) =>
    adminFetch(suite.gateway, path, init, token);

  it('answers a malformed percent escape in a record id with 400, not 500', async () => {
    expect((await admin('/admin/records/%ZZ')).status).toBe(400);
    expect((await admin('/admin/records/%E0%A4%A')).status).toBe(400);
  });

  it('answers odd but well-formed ids with 404', async () => {
    for (const id of ['..', '%2e%2e%2f%2e%2e', 'x'.repeat(8_000), '%00', '%F0%9F%92%A9', 'purges%2F..']) {
      const response = await admin(`/admin/records/${id}`);
      expect(response.status, id.slice(0, 20)).toBe(404);
      const reviews = await admin(`/admin/reviews/${id}`);
      expect(reviews.status, id.slice(0, 20)).toBeLessThan(500);
      const keys = await admin(`/admin/keys/${id}`, { method: 'DELETE' });
      expect(keys.status, id.slice(0, 20)).toBeLessThan(500);
    }
  });

  it('rejects out-of-range and malformed parameters with 400, never 500', async () => {
    for (const query of [
      'limit=100000000',
      'limit=-1',
      'limit=NaN',
      'limit=1e3',
      'from=not-a-date',
      'from=99999999999999999999999999',
      'status=9999',
      'minCost=NaN',
      'cursor=%00%00',
      'q=%22',
      'q=AND%20OR%20NOT',
      'q=*',
    ]) {
      const response = await admin(`/admin/records?${query}`);
      expect(response.status, query).toBeLessThan(500);
    }
    const usage = await admin('/admin/usage?from=2030-01-01&to=2020-01-01');
    expect(usage.status).toBeLessThan(500);
  });

  it('refuses a virtual key on records, usage, reviews and cache', async () => {
    for (const [path, method] of [
      ['/admin/records', 'GET'],
      ['/admin/usage', 'GET'],
      ['/admin/reviews', 'GET'],
      ['/admin/records/purges', 'GET'],
      ['/admin/cache?all=true', 'DELETE'],
    ] as const) {
      const response = await admin(path, { method }, suite.gateway.key);
      expect(response.status, path).toBe(403);
    }
  });
});

describe('load', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;

  function streamBody(model = 'gpt-4o-mini') {
    return JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] });
  }

  it('returns to its baseline of handles, in-flight slots and heap after 2,000 aborted streams', async () => {
    const mock = await new MockUpstream().start();
    mock.always({ kind: 'sse', events: textStream(['a']).slice(0, 2), stallMs: 1500 });
    const gateway = await startTestGateway(mockProvidersYaml(mock.url, mock.url));
    try {
      const one = async () => {
        const controller = new AbortController();
        const response = await fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` },
          body: streamBody(),
          signal: controller.signal,
        });
        await response.body!.getReader().read();
        controller.abort();
      };
      const batch = async (count: number) => {
        for (let done = 0; done < count; done += 50) await Promise.all(Array.from({ length: 50 }, one));
      };
      await batch(100);
      await sleep(2000); // the mock's own stall timers (1.5 s) run out
      gc();
      const handlesBefore = process.getActiveResourcesInfo().length;
      const heapBefore = process.memoryUsage().heapUsed;
      await batch(2000);
      for (let waited = 0; waited < 5000 && mock.aborted < 2100; waited += 50) await sleep(50);
      await sleep(2000); // the mock's own stall timers (1.5 s) run out
      gc();
      const handlesAfter = process.getActiveResourcesInfo().length;
      const heapAfter = process.memoryUsage().heapUsed;
      expect(mock.aborted).toBe(2100);
      expect(gateway.gateway.admission.active).toBe(0);
      expect(handlesAfter - handlesBefore).toBeLessThan(50);
      expect((heapAfter - heapBefore) / 1e6).toBeLessThan(30);
    } finally {
      await gateway.close();
      await mock.stop();
    }
  }, 60_000);

  it('serves 500 paced streams without errors while a quick request stays quick', async () => {
    const mock = await new MockUpstream().start();
    const paced = [
      sse(chunk({ role: 'assistant', content: '' })),
      ...Array.from({ length: 20 }, (_, index) => sse(chunk({ content: `w${index} ` }), 50)),
      sse(chunk({}, 'stop')),
      done,
    ];
    mock.validate((request) =>
      request.body?.stream ? { kind: 'sse', events: paced } : { kind: 'json', body: completion() },
    );
    // Not a test of shedding: on a loaded machine 500 streams starting at once can lag the event
    // loop past the default 500 ms, and the gateway would rightly answer some with 503.
    const gateway = await startTestGateway(
      mockProvidersYaml(mock.url, mock.url, 'server:\n  maxEventLoopLagMs: 5000\n'),
    );
    try {
      const streams = Array.from({ length: 500 }, async () => {
        const response = await fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` },
          body: streamBody(),
        });
        const text = await response.text();
        return response.status === 200 && text.trim().endsWith('data: [DONE]') && !text.includes('"error"');
      });
      await sleep(300);
      const latencies: number[] = [];
      for (let index = 0; index < 20; index++) {
        const started = performance.now();
        const response = await fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` },
          body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'quick' }] }),
        });
        await response.text();
        expect(response.status).toBe(200);
        latencies.push(performance.now() - started);
        await sleep(20);
      }
      const results = await Promise.all(streams);
      expect(results.filter((ok) => !ok)).toHaveLength(0);
      latencies.sort((a, b) => a - b);
      expect(latencies[10]).toBeLessThan(100);
    } finally {
      await gateway.close();
      await mock.stop();
    }
  }, 60_000);

  it('applies a reloaded server.maxInFlight (not listed among the restart-only settings)', async () => {
    const mock = await new MockUpstream().start();
    mock.validate((request) =>
      request.body?.messages?.[0]?.content === 'slow'
        ? { kind: 'sse', events: textStream(['a']).map((event) => ({ ...event, delayMs: 150 })) }
        : { kind: 'json', body: completion() },
    );
    const yaml = (dataDir: string, maxInFlight: number) =>
      `${mockProvidersYaml(mock.url, mock.url)}\nstorage: { dataDir: ${dataDir} }\nserver: { port: 0, maxInFlight: ${maxInFlight}, queueTimeoutMs: 200 }\n`;
    const gateway = await startFileGateway((dataDir) => yaml(dataDir, 1));
    try {
      gateway.rewrite(yaml(gateway.dataDir, 100));
      expect(gateway.gateway.configs.reload()).toMatchObject({ ok: true, changed: true });
      expect(gateway.gateway.configs.current.server.maxInFlight).toBe(100);
      const statuses = await Promise.all(
        Array.from({ length: 4 }, async () => {
          const response = await fetch(`${gateway.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` },
            body: JSON.stringify({
              model: 'gpt-4o-mini',
              stream: true,
              messages: [{ role: 'user', content: 'slow' }],
            }),
          });
          await response.text();
          return response.status;
        }),
      );
      expect(statuses).toEqual([200, 200, 200, 200]);
    } finally {
      await gateway.close();
      await mock.stop();
    }
  }, 30_000);

  it('fails no request when the config is reloaded mid-traffic', async () => {
    const mock = await new MockUpstream().start();
    mock.validate((request) =>
      request.body?.stream
        ? { kind: 'sse', events: textStream(['a', 'b']).map((event) => ({ ...event, delayMs: 20 })) }
        : { kind: 'json', body: completion() },
    );
    const yaml = (dataDir: string, extra = '') =>
      `${mockProvidersYaml(mock.url, mock.url, extra)}\nstorage: { dataDir: ${dataDir} }\nserver: { port: 0 }\n`;
    const gateway = await startFileGateway((dataDir) => yaml(dataDir));
    try {
      let stop = false;
      const failures: string[] = [];
      let count = 0;
      const worker = async (stream: boolean) => {
        while (!stop) {
          const response = await fetch(`${gateway.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` },
            body: stream
              ? streamBody()
              : JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
          });
          const text = await response.text();
          count++;
          if (response.status !== 200 || (stream && !text.trim().endsWith('[DONE]')))
            failures.push(`${response.status} ${text.slice(0, 200)}`);
        }
      };
      const workers = [
        ...Array.from({ length: 10 }, () => worker(true)),
        ...Array.from({ length: 10 }, () => worker(false)),
      ];
      for (let round = 0; round < 6; round++) {
        await sleep(250);
        gateway.rewrite(
          yaml(gateway.dataDir, `  extra-${round}:\n    targets: [{ provider: openai, model: m${round} }]\n`),
        );
        gateway.gateway.configs.reload();
      }
      await sleep(250);
      stop = true;
      await Promise.all(workers);
      expect(gateway.gateway.configs.version).toBeGreaterThan(3);
      expect(count).toBeGreaterThan(50);
      expect(failures).toEqual([]);
    } finally {
      await gateway.close();
      await mock.stop();
    }
  }, 30_000);
});
