import { Pool } from 'undici';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import { gatewayFailure } from '../../test/support/gateway-failure.js';
import { localUpstreamSuite } from '../../test/support/local-upstream-suite.js';
import { closedPort } from '../../test/support/closed-port.js';
import { RequestSignal } from './abort-signal.js';
import { headersOf, sendWhole, type SendWholeOptions } from './send-whole.js';

const suite = localUpstreamSuite();

function options(overrides: Partial<SendWholeOptions> = {}): SendWholeOptions {
  return { ...suite.transport(), signal: new RequestSignal(), ...overrides };
}

describe('sendWhole', () => {
  it('sends method, path with query, headers and body, and gathers a body written in pieces', async () => {
    let seen: { method?: string; url?: string; header?: string; body?: string } = {};
    suite.routes.set('/v1/echo?x=1', (request, response, body) => {
      seen = { method: request.method, url: request.url, header: request.headers['x-test'] as string, body };
      response.writeHead(201, { 'content-type': 'application/json' });
      response.write('{"a":');
      setTimeout(() => response.end('"é"}'), 20);
    });
    const answer = await sendWhole(
      { method: 'POST', url: `${suite.origin}/v1/echo?x=1`, headers: { 'x-test': 'yes' }, body: '{"q":1}' },
      options(),
    );
    expect(seen).toEqual({ method: 'POST', url: '/v1/echo?x=1', header: 'yes', body: '{"q":1}' });
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ a: 'é' });
    expect(headersOf(answer.rawHeaders)['content-type']).toBe('application/json');
  });

  it('hands back error answers with their headers, repeated ones joined and names lowercased', async () => {
    suite.routes.set('/v1/limited', (_request, response) => {
      response.setHeader('Retry-After', '7');
      response.setHeader('X-Many', ['a', 'b']);
      response.writeHead(429).end('{"error":{"message":"slow down"}}');
    });
    const answer = await sendWhole(
      { method: 'POST', url: `${suite.origin}/v1/limited`, headers: {} },
      options(),
    );
    expect(answer.status).toBe(429);
    const headers = headersOf(answer.rawHeaders);
    expect(headers['retry-after']).toBe('7');
    expect(headers['x-many']).toBe('a, b');
    expect(answer.body.toString()).toContain('slow down');
  });

  it('aborts past the size limit with a clear upstream error', async () => {
    suite.routes.set('/v1/huge', (_request, response) => {
      response.writeHead(200);
      response.write(Buffer.alloc(1024, 'a'));
      response.write(Buffer.alloc(1024, 'a'));
      response.end();
    });
    const error = await gatewayFailure(
      sendWhole(
        { method: 'GET', url: `${suite.origin}/v1/huge`, headers: {} },
        options({ limitBytes: 1500 }),
      ),
    );
    expect(error.code).toBe('upstream_error');
    expect(error.message).toMatch(/size limit/);
  });

  it('rejects with the signal reason when aborted mid-answer, and at once when already aborted', async () => {
    suite.routes.set('/v1/slow', (_request, response) => {
      response.writeHead(200);
      response.write('{');
    });
    const signal = new RequestSignal();
    const pending = sendWhole(
      { method: 'GET', url: `${suite.origin}/v1/slow`, headers: {} },
      options({ signal }),
    );
    setTimeout(() => signal.abort(new GatewayError('upstream_timeout', 'deadline')), 50);
    expect((await gatewayFailure(pending)).message).toBe('deadline');
    expect(signal.listenerCount('abort')).toBe(0);

    const aborted = new RequestSignal();
    aborted.abort(new GatewayError('request_timeout', 'client left'));
    expect(
      (
        await gatewayFailure(
          sendWhole(
            { method: 'GET', url: `${suite.origin}/v1/slow`, headers: {} },
            options({ signal: aborted }),
          ),
        )
      ).message,
    ).toBe('client left');
  });

  it('settles an abort while the request still waits in the pool for a connection', async () => {
    suite.routes.set('/v1/hold', () => {
      // Never answers: the only connection stays busy.
    });
    const pool = new Pool(suite.origin, { connections: 1 });
    try {
      const first = sendWhole(
        { method: 'GET', url: `${suite.origin}/v1/hold`, headers: {} },
        options({ dispatcher: pool }),
      );
      const signal = new RequestSignal();
      const queued = sendWhole(
        { method: 'GET', url: `${suite.origin}/v1/hold`, headers: {} },
        options({ dispatcher: pool, signal }),
      );
      setTimeout(() => signal.abort(new GatewayError('upstream_timeout', 'waited too long')), 50);
      const started = Date.now();
      expect((await gatewayFailure(queued)).message).toBe('waited too long');
      expect(Date.now() - started).toBeLessThan(1_000);
      void first.catch(() => {});
    } finally {
      await pool.destroy();
    }
  });

  it('maps a refused connection and a headers timeout to gateway errors', async () => {
    const port = await closedPort();
    expect(
      (
        await gatewayFailure(
          sendWhole({ method: 'GET', url: `http://127.0.0.1:${port}/v1`, headers: {} }, options()),
        )
      ).code,
    ).toBe('upstream_unreachable');
    suite.routes.set('/v1/silent', () => {});
    expect(
      (
        await gatewayFailure(
          sendWhole(
            { method: 'GET', url: `${suite.origin}/v1/silent`, headers: {} },
            options({ headersTimeoutMs: 100 }),
          ),
        )
      ).code,
    ).toBe('upstream_timeout');
  });
});
