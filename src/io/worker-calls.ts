// Calls from the event loop to one worker thread that answers each message with one reply
// (answer-calls.ts is the thread's side): started on first use, answered in order of arrival, each
// bounded by a timeout. A late call, a failed one or a thread that dies rejects.

import type { Worker } from 'node:worker_threads';

export interface WorkerCall<Input> {
  id: number;
  input: Input;
}

export type WorkerReply<Output> = { id: number; output: Output } | { id: number; error: string };

export interface WorkerCallsOptions {
  start: () => Worker;
  /** What the thread does, for messages: "the checks" did not finish within 50 ms. */
  work: string;
  /** What the thread is, for messages: "the guardrail thread" exited (code 1). */
  thread: string;
}

interface Pending<Output> {
  resolve: (output: Output) => void;
  reject: (error: Error) => void;
}

export class WorkerCalls<Input, Output> {
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending<Output>>();
  readonly #options: WorkerCallsOptions;

  constructor(options: WorkerCallsOptions) {
    this.#options = options;
  }

  run(input: Input, timeoutMs: number): Promise<Output> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${this.#options.work} did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.#pending.set(id, {
        resolve: (output) => {
          clearTimeout(timer);
          resolve(output);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      const call: WorkerCall<Input> = { id, input };
      this.#ensure().postMessage(call);
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #ensure(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = this.#options.start();
    worker.unref();
    worker.on('message', (reply: WorkerReply<Output>) => {
      const pending = this.#pending.get(reply.id);
      if (pending === undefined) return;
      this.#pending.delete(reply.id);
      if ('output' in reply) pending.resolve(reply.output);
      else pending.reject(new Error(reply.error));
    });
    const lost = (error: Error): void => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      for (const [id, pending] of [...this.#pending]) {
        this.#pending.delete(id);
        pending.reject(error);
      }
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`${this.#options.thread} exited (code ${code})`)));
    this.#worker = worker;
    return worker;
  }
}
