// The bare reference proxy: node:http in front of one undici Pool, piping method, path, headers
// and body through with no features at all. It is the practical floor for a Node proxy, the
// yardstick the gateway's overhead is measured against. Run as its own process.

import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { isMain } from './is-main.js';

export interface BareProxy {
  url: string;
  close(): Promise<void>;
}

// Hop-by-hop headers (RFC 9110 section 7.6.1) belong to one connection, not to the message; undici
// refuses some of them outright, and `host` must name the upstream.
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
]);

export function forwardableHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const forwarded: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopByHop.has(name)) forwarded[name] = value;
  }
  return forwarded;
}

function hasBody(request: IncomingMessage): boolean {
  return (
    request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined
  );
}

export async function startBareProxy(options: {
  upstream: string;
  host?: string;
  port?: number;
}): Promise<BareProxy> {
  const pool = new Pool(options.upstream);

  function forward(request: IncomingMessage, response: ServerResponse): void {
    const controller = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    pool
      .stream(
        {
          path: request.url ?? '/',
          method: request.method ?? 'GET',
          headers: forwardableHeaders(request.headers),
          body: hasBody(request) ? request : null,
          signal: controller.signal,
        },
        ({ statusCode, headers }) => {
          response.writeHead(statusCode, forwardableHeaders(headers) as OutgoingHttpHeaders);
          return response;
        },
      )
      .catch(() => {
        if (!response.headersSent) {
          response.writeHead(502, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: { message: 'upstream unreachable', type: 'server_error' } }));
        } else {
          response.destroy();
        }
      });
  }

  const server = createServer(forward);
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.destroy();
    },
  };
}

if (isMain(import.meta.url)) {
  const upstream = process.argv[2];
  if (!upstream) {
    process.stderr.write('usage: node --import tsx bench/bare-proxy.ts <upstream origin>\n');
    process.exit(2);
  }
  const proxy = await startBareProxy({ upstream });
  process.stdout.write(`bare proxy listening on ${proxy.url}\n`);
  process.once('SIGTERM', () => void proxy.close().then(() => process.exit(0)));
}
