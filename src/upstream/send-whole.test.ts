import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, Pool } from 'undici';
import { startLocalUpstream, type LocalUpstream } from './testing/local-upstream.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError, isGatewayError } from '../errors.js';
import { RequestSignal } from './abort-signal.js';
import { headersOf, sendWhole, type SendWholeOptions } from './send-whole.js';

let upstream: LocalUpstream;
let origin: string;
let routes: LocalUpstream['routes'];
const dispatcher = new Agent({ headersTimeout: 0, bodyTimeout: 0 });

beforeAll(async () => {
  upstream = await startLocalUpstream();
  origin = upstream.origin;
  routes = upstream.routes;
});

afterAll(async () => {
  await dispatcher.close();
  await upstream.close();
});

function options(overrides: Partial<SendWholeOptions> = {}): SendWholeOptions {
  return {
    dispatcher,
    signal: new RequestSignal(),
    headersTimeoutMs: 2_000,
    idleTimeoutMs: 2_000,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  const outcome = await promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
  if (!isGatewayError(outcome)) throw outcome;
  return outcome;
}

describe('sendWhole', () => {
  it('sends method, path with query, headers and body, and gathers a body written in pieces', async () => {
    let seen: { method?: string; url?: string; header?: string; body?: string } = {};
    routes.set('/v1/echo?x=1', (request, response, body) => {
      seen = { method: request.method, url: request.url, header: request.headers['x-test'] as string, body };
      response.writeHead(201, { 'content-type': 'application/json' });
      response.write('{"a":');
      setTimeout(() => response.end('"é"}'), 20);
    });
    const answer = await sendWhole(
      { method: 'POST', url: `${origin}/v1/echo?x=1`, headers: { 'x-test': 'yes' }, body: '{"q":1}' },
      options(),
    );
    expect(seen).toEqual({ method: 'POST', url: '/v1/echo?x=1', header: 'yes', body: '{"q":1}' });
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ a: 'é' });
    expect(headersOf(answer.rawHeaders)['content-type']).toBe('application/json');
  });

  it('hands back error answers with their headers, repeated ones joined and names lowercased', async () => {
    routes.set('/v1/limited', (_request, response) => {
      response.setHeader('Retry-After', '7');
      response.setHeader('X-Many', ['a', 'b']);
      response.writeHead(429).end('{"error":{"message":"slow down"}}');
    });
    const answer = await sendWhole({ method: 'POST', url: `${origin}/v1/limited`, headers: {} }, options());
    expect(answer.status).toBe(429);
    const headers = headersOf(answer.rawHeaders);
    expect(headers['retry-after']).toBe('7');
    expect(headers['x-many']).toBe('a, b');
    expect(answer.body.toString()).toContain('slow down');
  });

  it('aborts past the size limit with a clear upstream error', async () => {
    routes.set('/v1/huge', (_request, response) => {
      response.writeHead(200);
      response.write(Buffer.alloc(1024, 'a'));
      response.write(Buffer.alloc(1024, 'a'));
      response.end();
    });
    const error = await failure(
      sendWhole({ method: 'GET', url: `${origin}/v1/huge`, headers: {} }, options({ limitBytes: 1500 })),
    );
    expect(error.code).toBe('upstream_error');
    expect(error.message).toMatch(/size limit/);
  });

  it('rejects with the signal reason when aborted mid-answer, and at once when already aborted', async () => {
    routes.set('/v1/slow', (_request, response) => {
      response.writeHead(200);
      response.write('{');
    });
    const signal = new RequestSignal();
    const pending = sendWhole({ method: 'GET', url: `${origin}/v1/slow`, headers: {} }, options({ signal }));
    setTimeout(() => signal.abort(new GatewayError('upstream_timeout', 'deadline')), 50);
    expect((await failure(pending)).message).toBe('deadline');
    expect(signal.listenerCount('abort')).toBe(0);

    const aborted = new RequestSignal();
    aborted.abort(new GatewayError('request_timeout', 'client left'));
    expect(
      (
        await failure(
          sendWhole({ method: 'GET', url: `${origin}/v1/slow`, headers: {} }, options({ signal: aborted })),
        )
      ).message,
    ).toBe('client left');
  });

  it('settles an abort while the request still waits in the pool for a connection', async () => {
    routes.set('/v1/hold', () => {
      // Never answers: the only connection stays busy.
    });
    const pool = new Pool(origin, { connections: 1 });
    try {
      const first = sendWhole(
        { method: 'GET', url: `${origin}/v1/hold`, headers: {} },
        options({ dispatcher: pool }),
      );
      const signal = new RequestSignal();
      const queued = sendWhole(
        { method: 'GET', url: `${origin}/v1/hold`, headers: {} },
        options({ dispatcher: pool, signal }),
      );
      setTimeout(() => signal.abort(new GatewayError('upstream_timeout', 'waited too long')), 50);
      const started = Date.now();
      expect((await failure(queued)).message).toBe('waited too long');
      expect(Date.now() - started).toBeLessThan(1_000);
      void first.catch(() => {});
    } finally {
      await pool.destroy();
    }
  });

  it('maps a refused connection and a headers timeout to gateway errors', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(
      (
        await failure(
          sendWhole({ method: 'GET', url: `http://127.0.0.1:${port}/v1`, headers: {} }, options()),
        )
      ).code,
    ).toBe('upstream_unreachable');
    routes.set('/v1/silent', () => {});
    expect(
      (
        await failure(
          sendWhole(
            { method: 'GET', url: `${origin}/v1/silent`, headers: {} },
            options({ headersTimeoutMs: 100 }),
          ),
        )
      ).code,
    ).toBe('upstream_timeout');
  });
});
