import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import { gatewayFailure } from '../../test/support/gateway-failure.js';
import { localUpstreamSuite } from '../../test/support/local-upstream-suite.js';
import { closedPort } from '../../test/support/closed-port.js';
import { flattenHeaders, readText, send, toTransportError, type SendOptions } from './send.js';

const suite = localUpstreamSuite();

function options(overrides: Partial<SendOptions> = {}): SendOptions {
  return { ...suite.transport(), signal: new AbortController().signal, ...overrides };
}

describe('send', () => {
  it('relays the status, headers and body, and sends method, headers and body upstream', async () => {
    suite.routes.set('/echo', (request, response, body) => {
      response.setHeader('set-cookie', ['a=1', 'b=2']);
      response.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'up_1' });
      response.end(JSON.stringify({ method: request.method, auth: request.headers.authorization, body }));
    });
    const response = await send(
      {
        method: 'POST',
        url: `${suite.origin}/echo`,
        headers: { authorization: 'Bearer k' },
        body: '{"model":"m"}',
      },
      options(),
    );
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['x-request-id']).toBe('up_1');
    expect(flattenHeaders(response.headers)['set-cookie']).toBe('a=1, b=2');
    expect(JSON.parse(await readText(response.body))).toEqual({
      method: 'POST',
      auth: 'Bearer k',
      body: '{"model":"m"}',
    });
  });

  it('returns error statuses as responses, not failures', async () => {
    suite.routes.set('/limited', (_request, response) => {
      response.writeHead(429, { 'retry-after': '7' }).end('{"error":"slow down"}');
    });
    const response = await send({ method: 'GET', url: `${suite.origin}/limited`, headers: {} }, options());
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
    expect(await readText(response.body)).toBe('{"error":"slow down"}');
  });

  it('maps a refused connection to upstream_unreachable', async () => {
    const port = await closedPort();
    const error = await gatewayFailure(
      send({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} }, options()),
    );
    expect(error.code).toBe('upstream_unreachable');
    expect(error.retryable).toBe(true);
  });

  it('maps a connection reset before the headers to upstream_error', async () => {
    suite.routes.set('/reset', (request) => request.socket.destroy());
    const error = await gatewayFailure(
      send({ method: 'GET', url: `${suite.origin}/reset`, headers: {} }, options()),
    );
    expect(error.code).toBe('upstream_error');
  });

  it('maps late headers to upstream_timeout', async () => {
    suite.routes.set('/silent', () => undefined);
    // undici checks these timeouts on a coarse (about half-second) clock, so this takes ~1 s.
    const error = await gatewayFailure(
      send({ method: 'GET', url: `${suite.origin}/silent`, headers: {} }, options({ headersTimeoutMs: 100 })),
    );
    expect(error.code).toBe('upstream_timeout');
    expect(error.message).toMatch(/in time/);
  });

  it('maps a body that goes silent past the idle timeout to upstream_timeout', async () => {
    suite.routes.set('/stall', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: first\n\n');
    });
    const response = await send(
      { method: 'GET', url: `${suite.origin}/stall`, headers: {} },
      options({ idleTimeoutMs: 100 }),
    );
    expect(response.status).toBe(200);
    const raw = await readText(response.body).then(
      () => new Error('expected a failure'),
      (error: unknown) => error,
    );
    const error = toTransportError(raw);
    expect(error.code).toBe('upstream_timeout');
    expect(error.message).toMatch(/idle/);
  });

  it('rejects with the GatewayError an abort carries, before the headers', async () => {
    suite.routes.set('/slow', () => undefined);
    const controller = new AbortController();
    const reason = new GatewayError('request_timeout', 'The client closed the connection.');
    setTimeout(() => controller.abort(reason), 30);
    const error = await gatewayFailure(
      send(
        { method: 'GET', url: `${suite.origin}/slow`, headers: {} },
        options({ signal: controller.signal }),
      ),
    );
    expect(error).toBe(reason);
  });

  it('maps an abort during the body to the GatewayError it carries', async () => {
    suite.routes.set('/trickle', (_request, response) => {
      response.writeHead(200);
      response.write('partial');
    });
    const controller = new AbortController();
    const response = await send(
      { method: 'GET', url: `${suite.origin}/trickle`, headers: {} },
      options({ signal: controller.signal }),
    );
    const reason = new GatewayError('upstream_timeout', 'The request ran past its total timeout.');
    setTimeout(() => controller.abort(reason), 30);
    const raw = await readText(response.body).catch((error: unknown) => error);
    expect(toTransportError(raw, controller.signal)).toBe(reason);
  });
});

describe('readText', () => {
  const bodyOf = (chunks: Buffer[]) => Readable.from(chunks) as unknown as Parameters<typeof readText>[0];

  it('joins chunks before decoding, so a character split across them survives', async () => {
    const bytes = Buffer.from('{"text":"héllo 😀"}', 'utf8');
    const split = bytes.indexOf(0xf0) + 2; // inside the four-byte emoji
    expect(await readText(bodyOf([bytes.subarray(0, split), bytes.subarray(split)]))).toBe(
      '{"text":"héllo 😀"}',
    );
  });

  it('reads exactly the limit and rejects one byte more', async () => {
    const chunks = () => [Buffer.alloc(6, 'a'), Buffer.alloc(4, 'b')];
    expect(await readText(bodyOf(chunks()), 10)).toBe('aaaaaabbbb');
    const body = bodyOf([...chunks(), Buffer.from('c')]);
    const error = await gatewayFailure(readText(body, 10));
    expect(error.code).toBe('upstream_error');
    expect(error.message).toMatch(/size limit/);
    expect((body as unknown as Readable).destroyed).toBe(true);
  });

  it('stops a real upstream body that runs past the limit', async () => {
    suite.routes.set('/huge', (_request, response) => {
      response.writeHead(200);
      response.write(Buffer.alloc(64 * 1024, 'x'));
      response.write(Buffer.alloc(64 * 1024, 'y'));
      // Never ends: only the limit can stop the read.
    });
    const response = await send({ method: 'GET', url: `${suite.origin}/huge`, headers: {} }, options());
    const error = await gatewayFailure(readText(response.body, 100 * 1024));
    expect(error.code).toBe('upstream_error');
  });

  it('returns an empty string for an empty body', async () => {
    expect(await readText(bodyOf([]))).toBe('');
  });
});

describe('toTransportError', () => {
  it.each([
    ['UND_ERR_HEADERS_TIMEOUT', 'upstream_timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'upstream_timeout'],
    ['UND_ERR_CONNECT_TIMEOUT', 'upstream_unreachable'],
    ['ECONNREFUSED', 'upstream_unreachable'],
    ['ENOTFOUND', 'upstream_unreachable'],
    ['EAI_AGAIN', 'upstream_unreachable'],
    ['EHOSTUNREACH', 'upstream_unreachable'],
    ['ENETUNREACH', 'upstream_unreachable'],
    ['ECONNRESET', 'upstream_error'],
    ['UND_ERR_SOCKET', 'upstream_error'],
  ])('maps %s to %s and keeps the cause', (code, expected) => {
    const cause = Object.assign(new Error('boom'), { code });
    const error = toTransportError(cause);
    expect(error.code).toBe(expected);
    expect(error.cause).toBe(cause);
    expect(error.message).not.toContain('boom');
  });

  it('passes GatewayErrors through and survives values that are not errors', () => {
    const original = new GatewayError('rate_limited', 'Slow down.');
    expect(toTransportError(original)).toBe(original);
    expect(toTransportError(undefined).code).toBe('upstream_error');
    expect(toTransportError('text').code).toBe('upstream_error');
  });

  it('prefers a GatewayError abort reason, and ignores other reasons', () => {
    const reason = new GatewayError('request_timeout', 'The client closed the connection.');
    const aborted = new AbortController();
    aborted.abort(reason);
    expect(toTransportError(new Error('aborted'), aborted.signal)).toBe(reason);
    const plain = new AbortController();
    plain.abort();
    expect(toTransportError(new Error('aborted'), plain.signal).code).toBe('upstream_error');
  });
});
