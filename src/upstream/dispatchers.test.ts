import { readFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isGatewayError } from '../errors.js';
import {
  selfSignedCertificate,
  type SelfSignedCertificate,
} from '../../test/support/self-signed-certificate.js';
import { Dispatchers, type OutboundOptions } from './dispatchers.js';
import { readText, send } from './send.js';

/** A server on 127.0.0.1:0 whose open sockets are destroyed on close (pools keep them alive). */
async function listen(
  server: Server,
  scheme = 'http',
): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers every request with where it was asked and how. */
function echoHandler(request: IncomingMessage, response: ServerResponse) {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ url: request.url, host: request.headers.host }));
}

/**
 * A forward proxy recording what it is asked: absolute-URI requests (plain HTTP through a proxy)
 * are forwarded, CONNECT requests (tunnels, used for HTTPS) are piped.
 */
function forwardProxy(seen: string[]): Server {
  const proxy = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const outbound = httpRequest(
      request.url ?? '',
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    outbound.on('error', () => response.destroy());
    request.pipe(outbound);
  });
  proxy.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${request.url}`);
    const [host, port] = (request.url ?? '').split(':');
    const target = netConnect(Number(port), host ?? '', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      target.write(head);
      target.pipe(client);
      client.pipe(target);
    });
    target.on('error', () => client.destroy());
    client.on('error', () => target.destroy());
  });
  return proxy;
}

const base: OutboundOptions = { connectionsPerOrigin: 4, connectTimeoutMs: 2_000 };

async function get(dispatchers: Dispatchers, url: string): Promise<{ status: number; body: string }> {
  const response = await send(
    { method: 'GET', url, headers: {} },
    {
      dispatcher: dispatchers.for('deployment', url),
      signal: new AbortController().signal,
      headersTimeoutMs: 5_000,
      idleTimeoutMs: 5_000,
    },
  );
  return { status: response.status, body: await readText(response.body) };
}

let open: Dispatchers[] = [];
function dispatchersWith(options: Partial<OutboundOptions>): Dispatchers {
  const dispatchers = new Dispatchers({ ...base, ...options });
  open.push(dispatchers);
  return dispatchers;
}
afterEach(async () => {
  await Promise.all(open.map((dispatchers) => dispatchers.close()));
  open = [];
  vi.unstubAllEnvs();
});

describe('Dispatchers pools', () => {
  it('keeps one pool per deployment name and origin', () => {
    const dispatchers = dispatchersWith({ env: {} });
    const openai = dispatchers.for('openai', 'https://api.openai.com/v1/chat/completions');
    expect(dispatchers.for('openai', 'https://api.openai.com/v1/embeddings')).toBe(openai);
    expect(dispatchers.for('groq', 'https://api.openai.com/v1/chat/completions')).not.toBe(openai);
    expect(dispatchers.for('openai', 'https://eu.api.openai.com/v1/chat/completions')).not.toBe(openai);
  });

  it('hands out fresh pools after close()', async () => {
    const dispatchers = dispatchersWith({ env: {} });
    const before = dispatchers.for('openai', 'https://api.openai.com/v1');
    await dispatchers.close();
    expect(dispatchers.for('openai', 'https://api.openai.com/v1')).not.toBe(before);
  });
});

describe('Dispatchers proxies', () => {
  const seen: string[] = [];
  let upstream: Awaited<ReturnType<typeof listen>>;
  let proxy: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    upstream = await listen(createServer(echoHandler));
    proxy = await listen(forwardProxy(seen));
  });
  afterAll(async () => {
    await upstream.close();
    await proxy.close();
  });
  afterEach(() => {
    seen.length = 0;
  });

  it('sends plain HTTP through HTTP_PROXY given in the env option', async () => {
    const dispatchers = dispatchersWith({ env: { HTTP_PROXY: proxy.url } });
    const answer = await get(dispatchers, `${upstream.url}/v1/models?limit=2`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      url: '/v1/models?limit=2',
      host: `127.0.0.1:${upstream.port}`,
    });
    expect(seen).toEqual([`GET ${upstream.url}/v1/models?limit=2`]);
  });

  it('reads the lower-case variable too', async () => {
    const dispatchers = dispatchersWith({ env: { http_proxy: proxy.url } });
    expect((await get(dispatchers, `${upstream.url}/lower`)).status).toBe(200);
    expect(seen).toEqual([`GET ${upstream.url}/lower`]);
  });

  it('goes direct to hosts listed in NO_PROXY', async () => {
    for (const noProxy of ['127.0.0.1', `127.0.0.1:${upstream.port}`, 'example.com, 127.0.0.1']) {
      const dispatchers = dispatchersWith({ env: { HTTP_PROXY: proxy.url, NO_PROXY: noProxy } });
      expect((await get(dispatchers, `${upstream.url}/direct`)).status).toBe(200);
    }
    expect(seen).toEqual([]);
  });

  it('still proxies when NO_PROXY names another host or another port', async () => {
    const dispatchers = dispatchersWith({
      env: { HTTP_PROXY: proxy.url, NO_PROXY: `example.com,127.0.0.1:1` },
    });
    expect((await get(dispatchers, `${upstream.url}/other`)).status).toBe(200);
    expect(seen).toEqual([`GET ${upstream.url}/other`]);
  });

  it('honours the env option over the process environment', async () => {
    vi.stubEnv('HTTP_PROXY', proxy.url);
    vi.stubEnv('http_proxy', proxy.url);
    const direct = dispatchersWith({ env: {} });
    expect((await get(direct, `${upstream.url}/no-proxy`)).status).toBe(200);
    expect(seen).toEqual([]);

    vi.stubEnv('NO_PROXY', '127.0.0.1');
    vi.stubEnv('no_proxy', '127.0.0.1');
    const proxied = dispatchersWith({ env: { HTTP_PROXY: proxy.url } });
    expect((await get(proxied, `${upstream.url}/proxied`)).status).toBe(200);
    expect(seen).toEqual([`GET ${upstream.url}/proxied`]);
  });

  it('falls back to the process environment without an env option', async () => {
    vi.stubEnv('HTTP_PROXY', proxy.url);
    vi.stubEnv('http_proxy', undefined);
    vi.stubEnv('NO_PROXY', undefined);
    vi.stubEnv('no_proxy', undefined);
    const dispatchers = dispatchersWith({});
    expect((await get(dispatchers, `${upstream.url}/from-process`)).status).toBe(200);
    expect(seen).toEqual([`GET ${upstream.url}/from-process`]);
  });

  it('reports an unreachable proxy as an unreachable upstream', async () => {
    const gone = await listen(createServer());
    await gone.close();
    const dispatchers = dispatchersWith({ env: { HTTP_PROXY: gone.url } });
    const failure = await get(dispatchers, `${upstream.url}/x`).catch((error: unknown) => error);
    expect(isGatewayError(failure) && failure.code).toBe('upstream_unreachable');
  });
});

describe('Dispatchers extra CA bundle', () => {
  let certificate: SelfSignedCertificate | undefined;
  let caFile: string;
  let server: Awaited<ReturnType<typeof listen>>;
  const seen: string[] = [];
  let proxy: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    certificate = selfSignedCertificate();
    caFile = certificate.certFile;
    server = await listen(
      createHttpsServer({ key: readFileSync(certificate.keyFile), cert: readFileSync(caFile) }, echoHandler),
      'https',
    );
    proxy = await listen(forwardProxy(seen));
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
    certificate?.remove();
  });

  it('rejects a certificate no trusted CA signed', async () => {
    const failure = await get(dispatchersWith({ env: {} }), `${server.url}/secure`).catch(
      (error: unknown) => error,
    );
    expect(isGatewayError(failure) && failure.code).toBe('upstream_error');
    expect((failure as Error).cause).toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('trusts the certificate once caFile names it', async () => {
    const answer = await get(dispatchersWith({ env: {}, caFile }), `${server.url}/secure`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ url: '/secure' });
  });

  it('uses the CA bundle inside an HTTPS_PROXY tunnel too', async () => {
    const answer = await get(
      dispatchersWith({ env: { HTTPS_PROXY: proxy.url }, caFile }),
      `${server.url}/tunnel`,
    );
    expect(answer.status).toBe(200);
    expect(seen).toEqual([`CONNECT 127.0.0.1:${server.port}`]);
  });

  it('fails at construction when the CA file does not exist', () => {
    expect(() => new Dispatchers({ ...base, caFile: join(certificate!.directory, 'missing.pem') })).toThrow(
      /missing\.pem/,
    );
  });
});

describe('Dispatchers origin reuse', () => {
  it('does not mistake a longer port for the same origin', () => {
    const dispatchers = dispatchersWith({ env: {} });
    const first = dispatchers.for('local', 'http://127.0.0.1:80/v1/chat/completions');
    expect(dispatchers.for('local', 'http://127.0.0.1:8080/v1/chat/completions')).not.toBe(first);
    expect(dispatchers.for('local', 'http://127.0.0.1:80/v1/embeddings')).toBe(first);
  });
});
