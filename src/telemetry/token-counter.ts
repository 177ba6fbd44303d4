// Counts tokens for usage estimates in a worker thread (tokenizer-worker.ts), started on the first
// estimate and stopped after a quiet spell: estimates are rare (an upstream without usage, a cut
// stream), and the tokenizer would otherwise keep 67 MB and block the event loop while it counts.

import type { Worker } from 'node:worker_threads';
import { startWorker } from '../io/start-worker.js';
import type { PromptText } from './prompt-text.js';
import type { CountReply, CountRequest } from './tokenizer-worker.js';

export interface TokenCounterOptions {
  /** The thread stops this long after its last answer (default 30 s). */
  idleMs?: number;
  /** Tests: start something else than tokenizer-worker. */
  start?: () => Worker;
}

interface Pending {
  resolve(tokens: number): void;
  reject(error: Error): void;
}

export class TokenCounter {
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #idleTimer: NodeJS.Timeout | undefined;
  readonly #idleMs: number;
  readonly #start: () => Worker;

  constructor(options: TokenCounterOptions = {}) {
    this.#idleMs = options.idleMs ?? 30_000;
    this.#start =
      options.start ??
      (() =>
        startWorker(import.meta.url, 'tokenizer-worker', {
          resourceLimits: { maxYoungGenerationSizeMb: 8 },
        }));
  }

  /** Whether the thread is running (for tests and diagnostics). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  count(input: string | PromptText): Promise<number> {
    const { text, fixedTokens } = typeof input === 'string' ? { text: input, fixedTokens: 0 } : input;
    if (text === '') return Promise.resolve(fixedTokens);
    clearTimeout(this.#idleTimer);
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise<number>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, text, fixedTokens } satisfies CountRequest);
    });
  }

  /** Stops the thread; estimates still waiting fail. */
  async close(): Promise<void> {
    clearTimeout(this.#idleTimer);
    const worker = this.#worker;
    this.#worker = undefined;
    this.#failAll(new Error('the token counter is closed'));
    await worker?.terminate();
  }

  #ensureWorker(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = this.#start();
    // Never keeps the process alive on its own: the gateway's server does.
    worker.unref();
    worker.on('message', (reply: CountReply) => this.#answer(reply));
    const stopped = (error: Error): void => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#failAll(error);
    };
    worker.on('error', stopped);
    worker.on('exit', (code) => stopped(new Error(`the token counter thread exited (code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  #answer(reply: CountReply): void {
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return;
    this.#pending.delete(reply.id);
    if ('error' in reply) pending.reject(new Error(reply.error));
    else pending.resolve(reply.tokens);
    if (this.#pending.size === 0) this.#scheduleStop();
  }

  #scheduleStop(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (this.#pending.size > 0) return;
      const worker = this.#worker;
      this.#worker = undefined;
      void worker?.terminate();
    }, this.#idleMs);
    this.#idleTimer.unref();
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
