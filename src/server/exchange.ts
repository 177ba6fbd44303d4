// One HTTP exchange at the edge: the request id, the client's dialect (for error shapes), the
// cancellation that fires when the client goes away, and the only helpers that write responses.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cancellation, Dialect } from '../core/index.js';
import type { GatewayError } from '../errors.js';
import { renderError } from './error-response.js';
import { newRequestId } from './request-id.js';

const sentBySendJson = new Set(['content-type', 'content-length', 'x-request-id', 'request-id']);

export class Exchange implements Cancellation {
  readonly requestId = newRequestId();
  /** True once the client disconnected before the response was complete. */
  cancelled = false;
  private listeners: Array<() => void> | undefined;

  constructor(
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    public dialect: Dialect,
  ) {
    response.once('close', () => {
      if (response.writableFinished) return;
      this.cancelled = true;
      const listeners = this.listeners;
      this.listeners = undefined;
      listeners?.forEach((listener) => listener());
    });
  }

  onCancel(listener: () => void): () => void {
    if (this.cancelled) {
      listener();
      return () => undefined;
    }
    (this.listeners ??= []).push(listener);
    return () => {
      const index = this.listeners?.indexOf(listener) ?? -1;
      if (index >= 0) this.listeners?.splice(index, 1);
    };
  }

  /** Headers every response carries: the request id under the names each SDK reads. */
  idHeaders(): Record<string, string> {
    return this.dialect === 'anthropic'
      ? { 'x-request-id': this.requestId, 'request-id': this.requestId }
      : { 'x-request-id': this.requestId };
  }

  sendJson(status: number, body: string, headers?: Record<string, string>): void {
    // A flat [name, value, ...] array is node:http's cheapest way in.
    const flat = ['content-type', 'application/json', 'content-length', String(Buffer.byteLength(body))];
    flat.push('x-request-id', this.requestId);
    if (this.dialect === 'anthropic') flat.push('request-id', this.requestId);
    // sendJson writes these itself; a caller's copy (an error's rendered headers) would repeat them.
    if (headers) {
      for (const name in headers) if (!sentBySendJson.has(name)) flat.push(name, headers[name] as string);
    }
    this.response.writeHead(status, flat);
    this.response.end(body);
  }

  /** Render an error in the client's dialect. `exhausted`: the gateway already spent its own retries. */
  sendError(error: GatewayError, exhausted = false): void {
    if (this.response.headersSent) {
      this.response.destroy();
      return;
    }
    const rendered = renderError(error, this.dialect, this.requestId);
    const headers: Record<string, string> = { ...rendered.headers };
    if (exhausted) headers['x-should-retry'] = 'false';
    // A body we did not read (too large, or refused before reading) is not drained: the
    // connection closes after the answer instead, so a hostile client cannot keep us reading.
    if (!this.request.complete) headers.connection = 'close';
    this.sendJson(rendered.status, rendered.body, headers);
  }
}
