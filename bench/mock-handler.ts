// The mock upstream's request handling: routes OpenAI paths to fixed answers, streams with the
// fixed timing, and serves the /bench/ control paths of the stream gate. No sockets of its own.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  completionBody,
  errorBody,
  modelsBody,
  streamFrames,
  streamFramesWithUsage,
} from './mock-payloads.js';
import type { StreamFrames } from './mock-payloads.js';
import { StreamHold } from './stream-hold.js';

export interface MockSettings {
  /** The key clients must send as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** Delay before the first content chunk, which makes first-token time visible. */
  firstContentDelayMs: number;
  /** Delay between later chunks. */
  chunkIntervalMs: number;
  maxBodyBytes: number;
}

const jsonHeaders = { 'content-type': 'application/json' };
const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, jsonHeaders);
  response.end(body);
}

function invalid(response: ServerResponse, status: number, message: string): void {
  send(response, status, errorBody(message, 'invalid_request_error', null));
}

/** The request body as text, or undefined when it exceeds the limit. */
async function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class MockHandler {
  readonly hold = new StreamHold();
  #streaming = 0;

  constructor(readonly settings: MockSettings) {}

  /** Streams currently being written. */
  get openStreams(): number {
    return this.#streaming;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/bench/')) return this.#control(path, response);
    if (request.headers.authorization !== `Bearer ${this.settings.apiKey}`) {
      const body = errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
      return send(response, 401, body);
    }
    if (path === '/v1/chat/completions' && request.method === 'POST') return this.#chat(request, response);
    if (path === '/v1/models' && request.method === 'GET') return send(response, 200, modelsBody);
    invalid(response, 404, `Unknown request URL: ${request.method} ${path}.`);
  }

  #control(path: string, response: ServerResponse): void {
    if (path === '/bench/hold') this.hold.engage();
    else if (path === '/bench/release') this.hold.release();
    else if (path !== '/bench/state') return invalid(response, 404, 'Unknown control path.');
    const state = { holding: this.hold.engaged, held: this.hold.held, openStreams: this.#streaming };
    send(response, 200, JSON.stringify(state));
  }

  async #chat(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const text = await readBody(request, this.settings.maxBodyBytes);
    if (text === undefined) return invalid(response, 413, 'Request body too large.');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return invalid(response, 400, 'We could not parse the JSON body.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return invalid(response, 400, 'The body must be a JSON object.');
    }
    const fields = body as { stream?: unknown; stream_options?: { include_usage?: unknown } | null };
    if (fields.stream !== true) return send(response, 200, completionBody);
    const includeUsage = fields.stream_options?.include_usage === true;
    await this.#stream(response, includeUsage ? streamFramesWithUsage : streamFrames);
  }

  async #stream(response: ServerResponse, frames: StreamFrames): Promise<void> {
    this.#streaming += 1;
    let gone = false;
    const abandoned = new Promise<void>((resolve) =>
      response.once('close', () => {
        gone = true;
        resolve();
      }),
    );
    try {
      response.writeHead(200, sseHeaders);
      response.write(frames.role);
      await sleep(this.settings.firstContentDelayMs);
      for (const [index, frame] of frames.content.entries()) {
        if (gone) return;
        response.write(frame);
        if (index === 0) await this.hold.wait(abandoned);
        await sleep(this.settings.chunkIntervalMs);
      }
      if (gone) return;
      response.write(frames.finish);
      if (frames.usage) response.write(frames.usage);
      response.end(frames.done);
    } finally {
      this.#streaming -= 1;
    }
  }
}
