import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import { AllowList } from './image-fetch-address.js';
import { fetchImage, type ImageFetchOptions, type Resolver } from './image-fetch.js';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

type Route = (response: ServerResponse) => void;

let server: Server;
let port = 0;
let origin = '';
const routes = new Map<string, Route>();
const seen: Array<{ path: string; headers: IncomingHttpHeaders }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ path: request.url ?? '', headers: request.headers });
    const route = routes.get((request.url ?? '').split('?')[0] ?? '');
    if (route) route(response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  routes.set('/cat.png', (response) => response.writeHead(200, { 'content-type': 'image/png' }).end(png));
  routes.set('/cat.jpg', (response) =>
    response.writeHead(200, { 'content-type': 'IMAGE/JPEG; charset=binary' }).end(png),
  );
  routes.set('/page.html', (response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<p>'));
  routes.set('/big', (response) =>
    response
      .writeHead(200, { 'content-type': 'image/png', 'content-length': '2048' })
      .end(Buffer.alloc(2048)),
  );
  routes.set('/endless', (response) => {
    // No length: the cap must stop the reading, whatever the server would send.
    response.writeHead(200, { 'content-type': 'image/png' });
    const timer = setInterval(() => response.write(Buffer.alloc(256)), 5);
    response.once('close', () => clearInterval(timer));
  });
  routes.set('/slow', () => undefined);
  routes.set('/hop', (response) => response.writeHead(302, { location: '/cat.png' }).end());
  routes.set('/loop', (response) => response.writeHead(301, { location: '/loop' }).end());
  routes.set('/to-metadata', (response) =>
    response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
  );
  routes.set('/to-file', (response) => response.writeHead(307, { location: 'file:///etc/passwd' }).end());
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen.length = 0;
});

function options(overrides: Partial<ImageFetchOptions> = {}): ImageFetchOptions {
  return { allowList: new AllowList(['127.0.0.1']), maxBytes: 1024, timeoutMs: 2000, ...overrides };
}

async function refusal(url: string, fetchOptions: ImageFetchOptions = options()): Promise<GatewayError> {
  const error: unknown = await fetchImage(url, fetchOptions).then(
    () => new Error('expected a refusal'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof GatewayError)) throw error;
  expect(error.status).toBe(400);
  expect(error.code).toBe('invalid_request');
  return error;
}

describe('fetchImage from an allowed local server', () => {
  it('returns the bytes as base64 with the media type', async () => {
    const image = await fetchImage(`${origin}/cat.png`, options());
    expect(image).toEqual({ mediaType: 'image/png', data: png.toString('base64') });
    expect(seen[0]?.headers.accept).toContain('image/png');
  });

  it('normalises the media type', async () => {
    expect((await fetchImage(`${origin}/cat.jpg`, options())).mediaType).toBe('image/jpeg');
  });

  it('follows a redirect, checking the new address too', async () => {
    expect((await fetchImage(`${origin}/hop`, options())).mediaType).toBe('image/png');
    expect(seen.map((request) => request.path)).toEqual(['/hop', '/cat.png']);
  });

  it('connects to the address it checked and keeps the name as Host (no second lookup)', async () => {
    let lookups = 0;
    const resolve: Resolver = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    // `images.test` resolves nowhere for the system: only the pinned address can have answered.
    const image = await fetchImage(`http://images.test:${port}/cat.png`, options({ resolve }));
    expect(image.mediaType).toBe('image/png');
    expect(lookups).toBe(1);
    expect(seen[0]?.headers.host).toBe(`images.test:${port}`);
  });

  it('lets an allowed host name reach a private address', async () => {
    const resolve: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const allowList = new AllowList(['images.corp.example']);
    const image = await fetchImage(
      `http://images.corp.example:${port}/cat.png`,
      options({ allowList, resolve }),
    );
    expect(image.mediaType).toBe('image/png');
  });
});

describe('fetchImage refusals', () => {
  it.each([
    ['http://127.0.0.1/x.png', 'loopback'],
    ['http://10.0.0.7/x.png', 'private'],
    ['http://172.20.1.1/x.png', 'private'],
    ['http://192.168.0.10/x.png', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://169.254.1.1/x.png', 'link-local'],
    ['http://100.64.1.1/x.png', 'CGNAT'],
    ['http://0.0.0.0/x.png', 'unspecified'],
    ['http://224.0.0.251/x.png', 'multicast'],
    ['http://[::1]/x.png', 'loopback'],
    ['http://[fd00::1]/x.png', 'unique local'],
    ['http://[fe80::1]/x.png', 'link-local'],
    ['http://[::ffff:127.0.0.1]/x.png', 'loopback'],
    ['http://[::ffff:a9fe:a9fe]/x.png', 'metadata'],
    ['http://[::]/x.png', 'unspecified'],
    ['http://[ff02::1]/x.png', 'multicast'],
  ])('refuses %s (%s) without connecting', async (url, reason) => {
    const error = await refusal(url, options({ allowList: new AllowList([]) }));
    expect(error.message).toContain(reason);
    expect(seen).toHaveLength(0);
  });

  it('refuses the local server itself unless allowed', async () => {
    const error = await refusal(`${origin}/cat.png`, options({ allowList: new AllowList([]) }));
    expect(error.message).toBe(
      `Could not fetch the image at 127.0.0.1:${port}: it points to a loopback address.`,
    );
    expect(seen).toHaveLength(0);
  });

  it('refuses names that resolve to a private address, or to one among public ones', async () => {
    const privateOnly: Resolver = async () => [{ address: '10.1.1.1', family: 4 }];
    const mixed: Resolver = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '::ffff:192.168.1.1', family: 6 },
    ];
    const allowList = new AllowList([]);
    expect(
      (await refusal('http://cdn.example.com/a.png', options({ allowList, resolve: privateOnly }))).message,
    ).toContain('cdn.example.com: it points to a private address');
    expect(
      (await refusal('http://cdn.example.com/a.png', options({ allowList, resolve: mixed }))).message,
    ).toContain('private address');
  });

  it('refuses metadata and local names before any lookup', async () => {
    const resolve: Resolver = async () => {
      throw new Error('must not be called');
    };
    for (const host of ['metadata.google.internal', 'localhost', 'x.localhost']) {
      const error = await refusal(`http://${host}/a.png`, options({ resolve }));
      expect(error.message).toContain('local or metadata host name');
    }
  });

  it('refuses names that do not resolve', async () => {
    const resolve: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect((await refusal('http://nowhere.example/a.png', options({ resolve }))).message).toContain(
      'could not be resolved',
    );
  });

  it('refuses other schemes and URLs with credentials', async () => {
    expect((await refusal('file:///etc/passwd')).message).toContain("'file' scheme");
    expect((await refusal('ftp://example.com/a.png')).message).toContain("'ftp' scheme");
    expect((await refusal(`http://user:secret@127.0.0.1:${port}/cat.png`)).message).not.toContain('secret');
    expect(seen).toHaveLength(0);
  });

  it('re-checks every redirect target and caps the number of redirects', async () => {
    expect((await refusal(`${origin}/to-metadata`)).message).toBe(
      'Could not fetch the image at 169.254.169.254: it points to a cloud metadata address.',
    );
    expect((await refusal(`${origin}/to-file`)).message).toContain("'file' scheme");
    expect((await refusal(`${origin}/loop`)).message).toContain('more than 3 redirects');
    expect(seen.filter((request) => request.path === '/loop')).toHaveLength(4);
  });

  it('refuses non-image content and error statuses', async () => {
    expect((await refusal(`${origin}/page.html`)).message).toContain("content type 'text/html'");
    expect((await refusal(`${origin}/missing.png`)).message).toContain('HTTP 404');
  });

  it('refuses images over the size cap, by declared length or while reading', async () => {
    expect((await refusal(`${origin}/big`)).message).toContain('larger than 1024 bytes');
    expect((await refusal(`${origin}/endless`)).message).toContain('larger than 1024 bytes');
  });

  it('stops at the total budget shared by one request', async () => {
    const budget = { remaining: 10 };
    expect((await refusal(`${origin}/cat.png`, options({ budget }))).message).toContain('larger in total');
  });

  it('gives up after the time cap', async () => {
    const started = Date.now();
    expect((await refusal(`${origin}/slow`, options({ timeoutMs: 150 }))).message).toContain(
      'took longer than 150 ms',
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('names the host, never the path or query string', async () => {
    const error = await refusal(`${origin}/page.html?X-Amz-Signature=topsecret&token=abc`);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).not.toContain('topsecret');
    expect(error.message).not.toContain('page.html');
  });

  it('stops when the caller aborts, with the caller’s reason', async () => {
    const controller = new AbortController();
    const reason = new GatewayError('request_timeout', 'The client closed the connection.');
    setTimeout(() => controller.abort(reason), 50);
    const error: unknown = await fetchImage(`${origin}/slow`, options({ signal: controller.signal })).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBe(reason);
  });
});
