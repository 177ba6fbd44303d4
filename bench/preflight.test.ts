import { once } from 'node:events';
import { createServer } from 'node:http';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { findFreePort } from './free-port.js';
import { completionBody, streamFrames } from './mock-payloads.js';
import { preflight } from './preflight.js';
import type { Target } from './target.js';

const target = (origin: string): Target => ({
  name: 'gateway',
  origin,
  authorization: 'Bearer sy-key',
  model: 'gpt-4o-mini',
  pid: process.pid,
  stop: async () => undefined,
});

async function withServer(
  listener: RequestListener,
  check: (origin: string) => Promise<void>,
): Promise<void> {
  const server = createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    await check(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** Answers completions correctly; streams with the given frames. */
const answering =
  (stream: string): RequestListener =>
  (request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if ((JSON.parse(body) as { stream?: boolean }).stream) {
        response.writeHead(200, { 'content-type': 'text/event-stream' }).end(stream);
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end(completionBody);
      }
    });
  };

const wholeStream =
  streamFrames.role + streamFrames.content.join('') + streamFrames.finish + streamFrames.done;

describe('preflight', () => {
  it('passes a target that answers and streams the mock’s text', async () => {
    await withServer(answering(wholeStream), async (origin) => {
      expect(await preflight(target(origin))).toBeUndefined();
    });
  });

  it('names the status and body of a refused request', async () => {
    await withServer(
      (_request, response) =>
        response.writeHead(429, { 'content-type': 'application/json' }).end('{"error":"slow down"}'),
      async (origin) => {
        expect(await preflight(target(origin))).toBe('chat completion answered 429: {"error":"slow down"}');
      },
    );
  });

  it('catches a completion that is not the mock’s, or not JSON', async () => {
    await withServer(
      (_request, response) =>
        response.end(JSON.stringify({ choices: [{ message: { content: 'cached?' } }] })),
      async (origin) => {
        expect(await preflight(target(origin))).toMatch(/content differs.*cached\?/);
      },
    );
    await withServer(
      (_request, response) => response.end('<html>'),
      async (origin) => {
        expect(await preflight(target(origin))).toMatch(/not JSON/);
      },
    );
  });

  it('catches a stream that ends without [DONE] or loses content', async () => {
    const cut = streamFrames.role + streamFrames.content.slice(0, 5).join('');
    await withServer(answering(cut), async (origin) => {
      expect(await preflight(target(origin))).toMatch(/stream incomplete: \[DONE\] missing/);
    });
  });

  it('reports a target that is not listening', async () => {
    const port = await findFreePort();
    expect(await preflight(target(`http://127.0.0.1:${port}`))).toMatch(/request failed/);
  });
});
