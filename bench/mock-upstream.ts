// The benchmark's one fixed upstream: an OpenAI-compatible node:http server on 127.0.0.1 serving
// fixed answers. Run as its own process (plain node, see compile-bench.ts) so its CPU is never
// counted against a target or the load generator. Holds no state beyond the stream gate.

import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMain } from './is-main.js';
import { MockHandler } from './mock-handler.js';
import type { MockSettings } from './mock-handler.js';
import { errorBody } from './mock-payloads.js';
import type { StreamHold } from './stream-hold.js';

export interface MockUpstreamOptions extends Partial<MockSettings> {
  host?: string;
  port?: number;
}

export interface MockUpstream {
  /** Origin, e.g. http://127.0.0.1:43210 (the OpenAI base URL is this + /v1). */
  url: string;
  hold: StreamHold;
  /** Streams currently being written. */
  openStreams(): number;
  close(): Promise<void>;
}

export const defaultApiKey = 'bench-key';

export async function startMockUpstream(options: MockUpstreamOptions = {}): Promise<MockUpstream> {
  const handler = new MockHandler({
    apiKey: options.apiKey ?? defaultApiKey,
    firstContentDelayMs: options.firstContentDelayMs ?? 20,
    chunkIntervalMs: options.chunkIntervalMs ?? 1,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
  });
  const server = createServer((request, response) => {
    handler.handle(request, response).catch((error: unknown) => {
      // A client that left mid-body, or a bug in the mock: answer if still possible, else drop.
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(errorBody(String(error), 'server_error', null));
      } else {
        response.destroy();
      }
    });
  });
  const host = options.host ?? '127.0.0.1';
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    hold: handler.hold,
    openStreams: () => handler.openStreams,
    async close() {
      handler.hold.release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

if (isMain(import.meta.url)) {
  const mock = await startMockUpstream();
  process.stdout.write(`mock upstream listening on ${mock.url}\n`);
  process.once('SIGTERM', () => void mock.close().then(() => process.exit(0)));
}
