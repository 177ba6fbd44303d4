// A scriptable mock provider on 127.0.0.1 for end-to-end tests: each test queues the answers
// (JSON, SSE with pacing, a cut connection, a stall) and reads back the requests it received.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalServer } from './local-server.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface SseScriptEvent {
  event?: string;
  data: string;
  /** Wait this long before writing the event. */
  delayMs?: number;
}

export type Reply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'text'; status: number; body: string; headers?: Record<string, string> }
  | {
      kind: 'sse';
      events: SseScriptEvent[];
      /** Close the connection abruptly after the events instead of ending cleanly. */
      cut?: boolean;
      /** Keep the connection open (silent) for this long after the events. */
      stallMs?: number;
      /** Raw text written before the first event (e.g. SSE comments). */
      preamble?: string;
    }
  | { kind: 'hang' };

export class MockUpstream extends LocalServer {
  readonly requests: ReceivedRequest[] = [];
  /** Requests whose connection the gateway closed before the mock finished answering. */
  aborted = 0;
  private readonly replies: Reply[] = [];
  private fallback: Reply | undefined;
  private check: ((request: ReceivedRequest) => Reply | undefined) | undefined;

  /** Queue replies, answered in order; the last `always` reply answers when the queue is empty. */
  reply(...replies: Reply[]): this {
    this.replies.push(...replies);
    return this;
  }

  always(reply: Reply): this {
    this.fallback = reply;
    return this;
  }

  /**
   * Between tests: forget the requests seen and any reply still queued, so a test that failed
   * before using its replies cannot hand them to the next test. `always` and `validate` stay.
   */
  forget(): this {
    this.requests.length = 0;
    this.replies.length = 0;
    this.aborted = 0;
    return this;
  }

  /** Answer a request the way the real API would reject it, before any queued reply is used. */
  validate(check: (request: ReceivedRequest) => Reply | undefined): this {
    this.check = check;
    return this;
  }

  get last(): ReceivedRequest {
    const last = this.requests.at(-1);
    if (!last) throw new Error('the mock upstream received no request');
    return last;
  }

  protected async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    this.requests.push({
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    });
    const reply = this.check?.(this.last) ?? this.replies.shift() ?? this.fallback;
    if (!reply) {
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"no reply scripted"}');
      return;
    }
    let finished = false;
    response.once('close', () => {
      if (!finished) this.aborted++;
    });
    await this.write(reply, response);
    finished = true;
  }

  private async write(reply: Reply, response: ServerResponse): Promise<void> {
    switch (reply.kind) {
      case 'json':
        response
          .writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers })
          .end(JSON.stringify(reply.body));
        return;
      case 'text':
        response.writeHead(reply.status, reply.headers).end(reply.body);
        return;
      case 'hang':
        await new Promise((resolve) => response.once('close', resolve));
        return;
      case 'sse':
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        if (reply.preamble) response.write(reply.preamble);
        for (const event of reply.events) {
          if (event.delayMs) await sleep(event.delayMs);
          if (response.destroyed) return;
          response.write(`${event.event ? `event: ${event.event}\n` : ''}data: ${event.data}\n\n`);
        }
        if (reply.stallMs) await sleep(reply.stallMs);
        if (reply.cut) {
          // Let the written events reach the gateway first: the cut must come after them.
          await sleep(30);
          response.socket?.destroy();
        } else response.end();
        return;
    }
  }
}
