// A local OTLP/HTTP collector for tests: listens on 127.0.0.1 (port 0), accepts JSON (gzip or not)
// on any POST path, keeps each decoded payload with its headers per path, and can be told to
// refuse. Test support only: never imported by the gateway.

import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface OtlpDelivery {
  headers: IncomingHttpHeaders;
  /** The decoded JSON body: wire JSON whose shape is what tests check. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export class OtlpReceiver {
  readonly #deliveries = new Map<string, OtlpDelivery[]>();
  readonly #waiters = new Set<() => void>();
  /** The HTTP status answered instead of 200, while set (say 400 to test failed exports). */
  refuseWith: number | undefined;

  private constructor(
    private readonly server: Server,
    /** The base URL to configure as the OTLP endpoint. */
    readonly url: string,
  ) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const receiver = new OtlpReceiver(server, `http://127.0.0.1:${port}`);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () =>
        receiver.receive(request.url ?? '/', request.headers, Buffer.concat(chunks), response),
      );
    });
    return receiver;
  }

  /** Every payload received on `path` (`/v1/traces`, `/v1/metrics`), oldest first. */
  deliveries(path: string): OtlpDelivery[] {
    return this.#deliveries.get(path) ?? [];
  }

  /** Resolves once a delivery on `path` satisfies `accept` (default: any), or fails after `timeoutMs`. */
  async waitFor(
    path: string,
    accept: (delivery: OtlpDelivery) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<OtlpDelivery> {
    const found = (): OtlpDelivery | undefined => this.deliveries(path).find(accept);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const delivery = found();
      if (delivery !== undefined) return delivery;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No OTLP delivery on ${path} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.#waiters.add(done);
      });
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(path: string, headers: IncomingHttpHeaders, raw: Buffer, response: ServerResponse): void {
    if (this.refuseWith !== undefined) {
      response
        .writeHead(this.refuseWith, { 'content-type': 'application/json' })
        .end('{"code":3,"message":"refused"}');
      return;
    }
    let body: unknown;
    try {
      const text = (headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      body = JSON.parse(text);
    } catch {
      response
        .writeHead(400, { 'content-type': 'application/json' })
        .end('{"code":3,"message":"not OTLP JSON"}');
      return;
    }
    const list = this.#deliveries.get(path) ?? [];
    list.push({ headers, body });
    this.#deliveries.set(path, list);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const waiter of waiters) waiter();
  }
}
