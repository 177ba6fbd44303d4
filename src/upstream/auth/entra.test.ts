import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import type { EntraSettings, UpstreamRequest } from '../../providers/provider.js';
import { RequestSignal } from '../abort-signal.js';
import { Dispatchers } from '../dispatchers.js';
import { EntraAuthorizer } from './entra.js';

interface TokenCall {
  path: string;
  contentType: string | undefined;
  form: URLSearchParams;
}

type Answer = (call: TokenCall, response: ServerResponse) => void | Promise<void>;

/** A local Entra ID token endpoint: counts calls, answers with a scripted handler. */
class TokenServer {
  readonly calls: TokenCall[] = [];
  answer: Answer = (_call, response) => this.issue(response, 3600);
  issued = 0;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  issue(response: ServerResponse, expiresIn: number | string): void {
    this.issued += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        token_type: 'Bearer',
        expires_in: expiresIn,
        ext_expires_in: expiresIn,
        access_token: `token-${this.issued}`,
      }),
    );
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of request) text += String(chunk);
    const call = {
      path: request.url ?? '',
      contentType: request.headers['content-type'],
      form: new URLSearchParams(text),
    };
    this.calls.push(call);
    await this.answer(call, response);
  }
}

const secret = 'sup3r-s3cret-value';
let server: TokenServer;
let clock: number;

function settings(): EntraSettings {
  return {
    tenantId: 'tenant-123',
    clientId: 'client-456',
    clientSecret: secret,
    authorityHost: server.url,
    scope: 'https://cognitiveservices.azure.com/.default',
  };
}

function authorizer(): EntraAuthorizer {
  return new EntraAuthorizer(settings(), { name: 'azure-east', now: () => clock });
}

const upstream: UpstreamRequest = {
  method: 'POST',
  url: 'https://r.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21',
  headers: { 'content-type': 'application/json' },
  body: '{}',
};

async function bearer(entra: EntraAuthorizer, signal = new RequestSignal()): Promise<string | undefined> {
  return (await entra.authorize(upstream, signal)).headers.authorization;
}

beforeEach(async () => {
  clock = 1_000_000;
  server = new TokenServer();
  await server.start();
});

afterEach(async () => {
  await server.stop();
});

describe('EntraAuthorizer', () => {
  it('fetches tokens through the pool it is given, so HTTP(S)_PROXY and the CA bundle apply', async () => {
    // A forward proxy for plain-HTTP absolute-URI requests, recording what it relays.
    const relayed: string[] = [];
    const proxy = createServer((request, response) => {
      relayed.push(`${request.method} ${request.url}`);
      const target = new URL(request.url ?? '');
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        void fetch(target, {
          method: request.method,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: Buffer.concat(chunks),
        }).then(async (answer) =>
          response.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text()),
        );
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const dispatchers = new Dispatchers({
      connectionsPerOrigin: 2,
      connectTimeoutMs: 2_000,
      env: { HTTP_PROXY: proxyUrl },
    });
    try {
      const entra = new EntraAuthorizer(settings(), {
        name: 'azure-east',
        now: () => clock,
        dispatcherFor: (url) => dispatchers.for('azure-east credentials', url),
      });
      expect(await bearer(entra)).toBe('Bearer token-1');
      expect(relayed).toEqual([`POST ${server.url}/tenant-123/oauth2/v2.0/token`]);
      expect(server.calls).toHaveLength(1);
    } finally {
      await dispatchers.close();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('posts the client-credentials form to {authorityHost}/{tenant}/oauth2/v2.0/token', async () => {
    expect(await bearer(authorizer())).toBe('Bearer token-1');
    const [call] = server.calls;
    expect(call?.path).toBe('/tenant-123/oauth2/v2.0/token');
    expect(call?.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(call?.form ?? [])).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-456',
      client_secret: secret,
      scope: 'https://cognitiveservices.azure.com/.default',
    });
  });

  it('adds the bearer without touching the rest of the request', async () => {
    const authorized = await authorizer().authorize(upstream, new RequestSignal());
    expect(authorized).toEqual({
      ...upstream,
      headers: { ...upstream.headers, authorization: 'Bearer token-1' },
    });
    expect(upstream.headers.authorization).toBeUndefined();
  });

  it('reuses the cached token until the refresh window', async () => {
    const entra = authorizer();
    await bearer(entra);
    clock += 54 * 60_000;
    expect(await bearer(entra)).toBe('Bearer token-1');
    expect(server.calls).toHaveLength(1);
  });

  it('refreshes ahead of expiry in the background, serving the old token meanwhile', async () => {
    const entra = authorizer();
    await bearer(entra);
    // 3600 s lifetime: the margin is min(5 min, 10%) = 5 min, so refresh starts at 55 min.
    clock += 56 * 60_000;
    expect(await bearer(entra)).toBe('Bearer token-1');
    await until(() => server.issued === 2);
    await untilBearer(entra, 'Bearer token-2');
    expect(server.calls).toHaveLength(2);
  });

  it('waits for a new token once the old one has expired', async () => {
    const entra = authorizer();
    await bearer(entra);
    clock += 3600_000;
    expect(await bearer(entra)).toBe('Bearer token-2');
  });

  it('scales the margin down for short-lived tokens and reads expires_in given as text', async () => {
    server.answer = (_call, response) => server.issue(response, '100');
    const entra = authorizer();
    await bearer(entra);
    clock += 89_000;
    await bearer(entra);
    expect(server.calls).toHaveLength(1);
    clock += 2_000;
    await bearer(entra);
    await untilBearer(entra, 'Bearer token-2');
  });

  it('makes one token request for 20 concurrent callers (single flight)', async () => {
    server.answer = async (_call, response) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      server.issue(response, 3600);
    };
    const entra = authorizer();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => bearer(entra)));
    expect(new Set(tokens)).toEqual(new Set(['Bearer token-1']));
    expect(server.calls).toHaveLength(1);
  });

  it('drops the cached token when the upstream rejected it', async () => {
    const entra = authorizer();
    await bearer(entra);
    entra.rejected();
    expect(await bearer(entra)).toBe('Bearer token-2');
  });

  it('turns a refusal into a 5xx-class error naming the error code, never the secret or description', async () => {
    server.answer = (_call, response) => {
      response.writeHead(401, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: 'invalid_client',
          error_description: `AADSTS7000215: Invalid client secret provided: ${secret}`,
          error_codes: [7000215],
        }),
      );
    };
    const error = await authorizer()
      .authorize(upstream, new RequestSignal())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    const gatewayError = error as GatewayError;
    expect(gatewayError.status).toBeGreaterThanOrEqual(500);
    expect(gatewayError.code).toBe('upstream_error');
    expect(gatewayError.message).toContain('azure-east');
    expect(gatewayError.message).toContain('invalid_client');
    expect(gatewayError.message).toContain('AADSTS7000215');
    expect(JSON.stringify(gatewayError) + gatewayError.message + String(gatewayError.stack)).not.toContain(
      secret,
    );
  });

  it.each([
    ['an HTML error page', 502, '<html>bad gateway</html>', /status 502/],
    ['a success without a token', 200, '{"token_type":"Bearer"}', /without an access token/],
    ['a hostile error code', 400, '{"error":"<script>alert(1)</script>"}', /status 400\)/],
  ])('reports %s clearly', async (_label, status, body, pattern) => {
    server.answer = (_call, response) => {
      response.writeHead(status).end(body);
    };
    await expect(authorizer().authorize(upstream, new RequestSignal())).rejects.toThrow(pattern);
  });

  it('reports an unreachable endpoint as a gateway error', async () => {
    await server.stop();
    const error = await authorizer()
      .authorize(upstream, new RequestSignal())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).message).toMatch(/could not be reached/);
    server = new TokenServer();
    await server.start();
  });

  it('does not cache a failure: the next call tries again', async () => {
    let first = true;
    server.answer = (_call, response) => {
      if (first) {
        first = false;
        response.writeHead(503).end();
      } else server.issue(response, 3600);
    };
    const entra = authorizer();
    await expect(entra.authorize(upstream, new RequestSignal())).rejects.toThrow(GatewayError);
    expect(await bearer(entra)).toBe('Bearer token-1');
  });

  it('keeps the old token when a background refresh fails, and waits before trying again', async () => {
    const entra = authorizer();
    await bearer(entra);
    server.answer = (_call, response) => {
      response.writeHead(500).end();
    };
    clock += 56 * 60_000;
    expect(await bearer(entra)).toBe('Bearer token-1');
    await until(() => server.calls.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await bearer(entra)).toBe('Bearer token-1');
    expect(server.calls).toHaveLength(2);
  });

  it('lets one caller give up without cancelling the fetch others share', async () => {
    let release: () => void = () => undefined;
    server.answer = async (_call, response) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      server.issue(response, 3600);
    };
    const entra = authorizer();
    const impatient = new RequestSignal();
    const gaveUp = entra.authorize(upstream, impatient);
    const patient = bearer(entra);
    await until(() => server.calls.length === 1);
    const reason = new GatewayError('upstream_timeout', 'too slow');
    impatient.abort(reason);
    await expect(gaveUp).rejects.toBe(reason);
    release();
    expect(await patient).toBe('Bearer token-1');
    expect(server.calls).toHaveLength(1);
  });

  it('rejects at once when the caller was already aborted, without fetching', async () => {
    const signal = new RequestSignal();
    signal.abort(new GatewayError('upstream_timeout', 'gone'));
    await expect(authorizer().authorize(upstream, signal)).rejects.toThrow('gone');
    expect(server.calls).toHaveLength(0);
  });

  it('leaves no unhandled rejection when the only waiter gave up before the fetch failed', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      server.answer = async (_call, response) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        response.writeHead(500).end();
      };
      const signal = new RequestSignal();
      const waiting = authorizer().authorize(upstream, signal);
      signal.abort(new GatewayError('upstream_timeout', 'client left'));
      await expect(waiting).rejects.toThrow('client left');
      await until(() => server.calls.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

async function untilBearer(entra: EntraAuthorizer, expected: string): Promise<void> {
  for (let waited = 0; (await bearer(entra)) !== expected; waited += 5) {
    if (waited > 2000) throw new Error(`never got ${expected}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 2000) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
