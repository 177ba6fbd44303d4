import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGatewayError } from '../errors.js';
import { nestedDeeperThan, readJsonBody } from './read-body.js';

const limit = 1_024;
let server: Server;
let port: number;

/** A server that answers with what readJsonBody made of the body: the value, or the error. */
beforeAll(async () => {
  server = createServer((request, response) => {
    readJsonBody(request, limit).then(
      (value) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value }));
      },
      (error: unknown) => {
        const status = isGatewayError(error) ? error.status : 500;
        const code = isGatewayError(error) ? error.code : 'unexpected';
        response.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
        response.end(JSON.stringify({ code, message: (error as Error).message }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Answer {
  status: number;
  body: { value?: unknown; code?: string; message?: string };
}

/** POST the chunks (chunked encoding unless a content-length header is given) and read the answer. */
function post(chunks: readonly (string | Buffer)[], headers: OutgoingHttpHeaders): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/', headers },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(parts).toString('utf8')),
          });
          request.destroy();
        });
      },
    );
    request.on('error', reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

const json = { 'content-type': 'application/json' };

describe('readJsonBody content type', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset=UTF-8',
    ' application/json ',
    'application/vnd.api+json',
    'application/merge-patch+json; charset=utf-8',
  ])('accepts %j', async (type) => {
    expect(await post(['{"model":"m"}'], { 'content-type': type })).toEqual({
      status: 200,
      body: { value: { model: 'm' } },
    });
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/jsonx',
    'text/json',
    'multipart/form-data',
  ])('rejects %j with 415', async (type) => {
    const answer = await post(['{"model":"m"}'], { 'content-type': type });
    expect(answer.status).toBe(415);
    expect(answer.body.code).toBe('unsupported_media_type');
  });

  it('rejects a body without a content type', async () => {
    const answer = await post(['{"model":"m"}'], {});
    expect(answer).toMatchObject({ status: 415, body: { code: 'unsupported_media_type' } });
  });
});

describe('readJsonBody size', () => {
  it('accepts a body of exactly the limit', async () => {
    const text = JSON.stringify({ pad: 'x'.repeat(limit - 10) });
    expect(Buffer.byteLength(text)).toBe(limit);
    const answer = await post([text], { ...json, 'content-length': limit });
    expect(answer.status).toBe(200);
  });

  it('rejects a Content-Length over the limit before the body is sent', async () => {
    // The client sends only headers announcing 10 MB: an answer proves nothing was waited for.
    const answer = await new Promise<Answer>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/',
          headers: { ...json, 'content-length': 10_000_000 },
        },
        (response) => {
          const parts: Buffer[] = [];
          response.on('data', (part: Buffer) => parts.push(part));
          response.on('end', () => {
            resolve({
              status: response.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(parts).toString('utf8')),
            });
            request.destroy();
          });
        },
      );
      request.on('error', reject);
      request.flushHeaders();
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringContaining('1024 bytes'),
    });
  });

  it('rejects a chunked body once it grows past the limit, and still answers', async () => {
    const chunks = Array.from({ length: 8 }, () => Buffer.alloc(200, 'a'));
    const answer = await post(['{"pad":"', ...chunks, '"}'], json);
    expect(answer).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
  });

  it('stops reading the stream at the limit instead of draining it', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled++;
        this.push(Buffer.alloc(100, ' '));
      },
    });
    const request = Object.assign(endless, { headers: json }) as unknown as IncomingMessage;
    const error = await readJsonBody(request, limit).catch((thrown: unknown) => thrown);
    expect(isGatewayError(error) && error.code).toBe('payload_too_large');
    const pulledAtLimit = pulled;
    await new Promise((resolve) => setTimeout(resolve, 20));
    // At most the limit plus the stream's own read-ahead buffer (16 KiB = 164 pushes of 100 bytes).
    expect(pulledAtLimit).toBeLessThan(200);
    expect(pulled - pulledAtLimit).toBeLessThan(20); // paused: it does not keep draining
    expect(endless.isPaused()).toBe(true);
  });

  it('does not read a body whose Content-Length is already too large', async () => {
    let pulled = 0;
    const stream = new Readable({
      read() {
        pulled++;
        this.push(null);
      },
    });
    const request = Object.assign(stream, {
      headers: { ...json, 'content-length': String(limit + 1) },
    }) as unknown as IncomingMessage;
    const error = await readJsonBody(request, limit).catch((thrown: unknown) => thrown);
    expect(isGatewayError(error) && error.code).toBe('payload_too_large');
    expect(pulled).toBe(0);
  });
});

describe('readJsonBody content', () => {
  it('rejects an empty body as invalid JSON', async () => {
    const answer = await post([], { ...json, 'content-length': 0 });
    expect(answer).toMatchObject({
      status: 400,
      body: { code: 'invalid_json', message: expect.stringMatching(/empty/) },
    });
  });

  it('rejects bytes that are not UTF-8', async () => {
    for (const bytes of [
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), // {"a":"\xff"}
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x22, 0x7d]), // a truncated two-byte sequence
      Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), // an encoded lone surrogate
    ]) {
      const answer = await post([bytes], json);
      expect(answer).toMatchObject({
        status: 400,
        body: { code: 'invalid_request', message: expect.stringMatching(/UTF-8/) },
      });
    }
  });

  it('decodes a multi-byte character split across chunks', async () => {
    const bytes = Buffer.from('{"text":"日本 😀"}', 'utf8');
    const split = bytes.indexOf(0xf0) + 1;
    const answer = await post([bytes.subarray(0, split), bytes.subarray(split)], json);
    expect(answer).toEqual({ status: 200, body: { value: { text: '日本 😀' } } });
  });

  it('names the JSON syntax error', async () => {
    const answer = await post(['{"model": "m",}'], json);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalid_json');
    expect(answer.body.message).toMatch(/^The request body is not valid JSON: .+/);
  });

  it('rejects a blank body as invalid JSON', async () => {
    expect(await post(['   \n'], json)).toMatchObject({ status: 400, body: { code: 'invalid_json' } });
  });

  it('returns any JSON value, leaving shape checks to the caller', async () => {
    expect(await post(['[1,2]'], json)).toEqual({ status: 200, body: { value: [1, 2] } });
    expect(await post(['null'], json)).toEqual({ status: 200, body: { value: null } });
  });
});

describe('nestedDeeperThan', () => {
  const deep = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);
  it('counts arrays and objects inside one another, past the limit only', () => {
    expect(nestedDeeperThan(Buffer.from(deep(10)), 10)).toBe(false);
    expect(nestedDeeperThan(Buffer.from(`{"a":${deep(11)}}`), 11)).toBe(true);
    expect(nestedDeeperThan(Buffer.from(`[${'{"a":1},'.repeat(50)}1]`), 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ a: `"${'['.repeat(100)}\\"${'{'.repeat(100)}` });
    expect(nestedDeeperThan(Buffer.from(text), 5)).toBe(false);
    expect(nestedDeeperThan(Buffer.from(`["\\\\",${deep(6)}]`), 6)).toBe(true);
  });
});
