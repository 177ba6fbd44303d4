// For tests and benchmarks only: an OpenAI-compatible chat upstream on 127.0.0.1 that misbehaves
// on purpose, per a FaultPlan (fault-plan.ts): error statuses with Retry-After, hangs before
// headers or mid-stream, cut connections, malformed JSON or SSE, fixed or heavy-tailed latency,
// flapping. Wire shapes follow the chat completions API reference
// (https://platform.openai.com/docs/api-reference/chat). It counts what happened to each request.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  checkFaultPlan,
  chooseFault,
  sampleLatency,
  seededRandom,
  type Fault,
  type FaultPlan,
} from './fault-plan.js';

/** What happened to a request: its fault's kind, or `ok`. */
export type FaultOutcome = Fault['kind'] | 'ok';

export interface FaultUpstreamOptions {
  plan?: FaultPlan;
  /** Seed of the random source that picks faults and latencies. Default 1. */
  seed?: number;
  /** The model named in answers. Default `fault-model`. */
  model?: string;
}

export const faultAnswerWords = ['Hello', ' from', ' the', ' fault', ' upstream', '.'] as const;

export class FaultUpstream {
  /** Requests received, by what the plan did to them. */
  readonly outcomes = new Map<FaultOutcome, number>();
  /** Requests whose client closed the connection before the answer was complete. */
  abortedByClient = 0;
  inFlight = 0;
  #plan: FaultPlan;
  #random: () => number;
  readonly #model: string;
  readonly #sockets = new Set<Socket>();
  readonly #server: Server;
  readonly #startedAt = Date.now();
  #origin = '';

  constructor(options: FaultUpstreamOptions = {}) {
    this.#plan = options.plan ?? {};
    checkFaultPlan(this.#plan);
    this.#random = seededRandom(options.seed ?? 1);
    this.#model = options.model ?? 'fault-model';
    this.#server = createServer((request, response) => void this.#handle(request, response));
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#origin = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** `http://127.0.0.1:<port>`; the API lives under `/v1`. */
  get origin(): string {
    return this.#origin;
  }

  /** Requests received so far. */
  get requests(): number {
    let total = 0;
    for (const count of this.outcomes.values()) total += count;
    return total;
  }

  /** Changes the behaviour for the requests that arrive from now on. */
  setPlan(plan: FaultPlan): void {
    checkFaultPlan(plan);
    this.#plan = plan;
  }

  /** Forgets the counts (not the plan). */
  resetCounts(): void {
    this.outcomes.clear();
    this.abortedByClient = 0;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method !== 'POST' || !/^\/v1\/chat\/completions(\?|$)/.test(request.url ?? '')) {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end(errorBody('not found', 'not_found'));
      return;
    }
    let body: { stream?: unknown; stream_options?: { include_usage?: unknown } };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      response
        .writeHead(400, { 'content-type': 'application/json' })
        .end(errorBody('invalid JSON', 'invalid_json'));
      return;
    }
    const plan = this.#plan;
    const fault = chooseFault(plan, this.#random, Date.now() - this.#startedAt);
    const latency = sampleLatency(plan.latency, this.#random);
    const outcome: FaultOutcome = fault?.kind ?? 'ok';
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
    let finished = false;
    this.inFlight++;
    response.once('close', () => {
      this.inFlight--;
      if (!finished) this.abortedByClient++;
    });
    if (latency > 0) await sleep(latency);
    if (response.destroyed) return;
    const stream = body.stream === true;
    const usage = !stream || body.stream_options?.include_usage === true;
    finished = await this.#answer(response, fault, stream, usage, plan.chunkDelayMs ?? 0, plan.headers ?? {});
  }

  /** Writes the answer; true when it went out whole (a fault that hangs or cuts returns false). */
  async #answer(
    response: ServerResponse,
    fault: Fault | undefined,
    stream: boolean,
    usage: boolean,
    chunkDelayMs: number,
    extra: Record<string, string>,
  ): Promise<boolean> {
    switch (fault?.kind) {
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'application/json', ...extra };
        if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
        if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
        const code = fault.code ?? (fault.status === 429 ? 'rate_limit_exceeded' : 'server_error');
        response.writeHead(fault.status, headers).end(errorBody(`injected ${fault.status}`, code));
        return true;
      }
      case 'hang-before-headers':
        await new Promise((resolve) => response.once('close', resolve));
        return false;
      case 'reset-before-headers':
        response.socket?.destroy();
        return false;
      case 'malformed-json':
        if (!stream) {
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end('{"id":"chatcmpl-fault","choices":[');
          return true;
        }
        break;
      case 'hang-mid-stream':
      case 'cut-mid-stream':
      case 'malformed-sse':
      case undefined:
        break;
    }
    if (!stream) {
      response
        .writeHead(200, { 'content-type': 'application/json', ...extra })
        .end(JSON.stringify(this.#completion()));
      return true;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...extra });
    const stopAfter =
      fault?.kind === 'hang-mid-stream' || fault?.kind === 'cut-mid-stream' || fault?.kind === 'malformed-sse'
        ? fault.afterChunks
        : Number.POSITIVE_INFINITY;
    const pieces = [
      { role: 'assistant', content: '' },
      ...faultAnswerWords.map((word) => ({ content: word })),
    ];
    for (let index = 0; index < pieces.length; index++) {
      if (index > 0 && index - 1 >= stopAfter) return this.#breakStream(response, fault);
      if (fault?.kind === 'malformed-json' && index === 2) {
        response.write('data: {"id":"chatcmpl-fault","choices":[{\n\n');
        continue;
      }
      if (chunkDelayMs > 0 && index > 0) await sleep(chunkDelayMs);
      if (response.destroyed) return false;
      response.write(`data: ${JSON.stringify(this.#chunk({ delta: pieces[index], finish: null }))}\n\n`);
    }
    if (stopAfter !== Number.POSITIVE_INFINITY) return this.#breakStream(response, fault);
    response.write(`data: ${JSON.stringify(this.#chunk({ delta: {}, finish: 'stop' }))}\n\n`);
    if (usage) response.write(`data: ${JSON.stringify(this.#chunk({ usage: true }))}\n\n`);
    response.end('data: [DONE]\n\n');
    return true;
  }

  async #breakStream(response: ServerResponse, fault: Fault | undefined): Promise<boolean> {
    if (fault?.kind === 'hang-mid-stream') {
      await new Promise((resolve) => response.once('close', resolve));
      return false;
    }
    if (fault?.kind === 'malformed-sse') {
      response.end('this is not an event stream\n{"choices": oops}\n\n');
      return true;
    }
    // A cut: let what was written reach the client first, so the cut comes after it.
    await sleep(20);
    response.socket?.destroy();
    return false;
  }

  #completion(): unknown {
    return {
      id: 'chatcmpl-fault',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: this.#model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: faultAnswerWords.join(''), refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: faultUsage,
    };
  }

  #chunk(options: { delta?: unknown; finish?: string | null; usage?: boolean }): unknown {
    return {
      id: 'chatcmpl-fault',
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: this.#model,
      choices: options.usage
        ? []
        : [{ index: 0, delta: options.delta, logprobs: null, finish_reason: options.finish }],
      ...(options.usage ? { usage: faultUsage } : {}),
    };
  }
}

const faultUsage = {
  prompt_tokens: 10,
  completion_tokens: faultAnswerWords.length,
  total_tokens: 10 + faultAnswerWords.length,
};

function errorBody(message: string, code: string): string {
  // OpenAI's types: `requests` for rate limits, `insufficient_quota` for an account out of credit.
  const type =
    code === 'insufficient_quota'
      ? 'insufficient_quota'
      : code === 'rate_limit_exceeded'
        ? 'requests'
        : 'server_error';
  return JSON.stringify({ error: { message, type, param: null, code } });
}
