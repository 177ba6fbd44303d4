// Send one upstream request whose answer is wanted whole (non-streaming chat, embeddings): a
// plain undici dispatch handler gathers the body chunks itself. undici's request() would build a
// Readable body, parse every response header into an object and chain promises, which costs
// about a fifth of the gateway's own CPU per request (docs/decisions/0004-hot-path-pieces.md).

import type { Dispatcher } from 'undici';
import { GatewayError } from '../errors.js';
import type { UpstreamRequest } from '../providers/provider.js';
import type { RequestSignal } from './abort-signal.js';
import { toTransportError } from './send.js';

export interface WholeResponse {
  status: number;
  /** Raw header names and values, alternating, as undici read them; see headersOf(). */
  rawHeaders: Buffer[];
  body: Buffer;
}

export interface SendWholeOptions {
  dispatcher: Dispatcher;
  signal: RequestSignal;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  /** A hostile upstream cannot exhaust memory: past this, the request is aborted. */
  limitBytes?: number;
}

const defaultLimitBytes = 64 * 1024 * 1024;

export function sendWhole(upstream: UpstreamRequest, options: SendWholeOptions): Promise<WholeResponse> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      reject(toTransportError(options.signal.reason, options.signal));
      return;
    }
    const split = originEnd(upstream.url);
    const handler = new WholeBodyHandler(
      options.signal,
      options.limitBytes ?? defaultLimitBytes,
      resolve,
      reject,
    );
    options.dispatcher.dispatch(
      {
        origin: upstream.url.slice(0, split),
        path: upstream.url.slice(split),
        method: upstream.method,
        headers: upstream.headers,
        body: upstream.body ?? null,
        headersTimeout: options.headersTimeoutMs,
        bodyTimeout: options.idleTimeoutMs,
      },
      handler,
    );
  });
}

/** Index of the path's first '/' in an absolute URL (the URL's length when it has no path). */
function originEnd(url: string): number {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  return slash === -1 ? url.length : slash;
}

/** One string per header, names lowercased, repeated headers joined; for error answers only. */
export function headersOf(rawHeaders: readonly Buffer[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] as Buffer).toString('latin1').toLowerCase();
    const value = (rawHeaders[index + 1] as Buffer).toString('latin1');
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

/** undici's dispatch handler protocol (onConnect, onHeaders, onData, onComplete, onError). */
class WholeBodyHandler implements Dispatcher.DispatchHandler {
  private status = 0;
  private rawHeaders: Buffer[] = [];
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private abort: ((reason?: Error) => void) | undefined;
  private settled = false;
  /**
   * Settles at once, even while the request still waits in the pool for a connection (undici
   * calls onConnect only once it has one); the upstream side is aborted when there is one.
   */
  private readonly onAbort = (): void => {
    const error = toTransportError(this.signal.reason, this.signal);
    this.abort?.(error);
    this.onError(error);
  };

  constructor(
    private readonly signal: RequestSignal,
    private readonly limitBytes: number,
    private readonly resolve: (response: WholeResponse) => void,
    private readonly reject: (error: GatewayError) => void,
  ) {
    signal.once('abort', this.onAbort);
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abort = abort;
    if (this.settled) abort(new GatewayError('upstream_error', 'The attempt was abandoned.'));
  }

  onHeaders(status: number, rawHeaders: Buffer[]): boolean {
    this.status = status;
    this.rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > this.limitBytes) {
      this.abort?.(new GatewayError('upstream_error', 'The upstream response exceeded the size limit.'));
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settle()) return;
    const body =
      this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    this.resolve({ status: this.status, rawHeaders: this.rawHeaders, body });
  }

  onError(error: Error): void {
    if (this.settle()) return;
    this.reject(toTransportError(error, this.signal));
  }

  /** True when already settled; otherwise marks it and lets go of the signal. */
  private settle(): boolean {
    if (this.settled) return true;
    this.settled = true;
    this.signal.removeListener('abort', this.onAbort);
    return false;
  }
}
