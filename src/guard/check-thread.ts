// The event loop's handle on the guardrail worker thread (check-worker.ts): started on first use,
// one at a time per request in order of arrival, each bounded by a timeout. A late or failed
// thread rejects; the caller refuses the request (checks that cannot run do not let data through).

import type { Worker } from 'node:worker_threads';
import { startWorker } from '../io/start-worker.js';
import type { CheckReply, CheckRequest } from './check-worker.js';
import type { LocalChecksInput, LocalChecksOutcome } from './local-checks.js';

export class CheckThread {
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<
    number,
    { resolve: (outcome: LocalChecksOutcome) => void; reject: (error: Error) => void }
  >();
  readonly #start: () => Worker;

  constructor(start?: () => Worker) {
    this.#start = start ?? (() => startWorker(import.meta.url, 'check-worker'));
  }

  run(input: LocalChecksInput, timeoutMs: number): Promise<LocalChecksOutcome> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`the checks did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.#pending.set(id, {
        resolve: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      const request: CheckRequest = { id, input };
      this.#ensure().postMessage(request);
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #ensure(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = this.#start();
    worker.unref();
    worker.on('message', (reply: CheckReply) => {
      const pending = this.#pending.get(reply.id);
      if (pending === undefined) return;
      this.#pending.delete(reply.id);
      if ('outcome' in reply) pending.resolve(reply.outcome);
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
    worker.on('exit', (code) => lost(new Error(`the guardrail thread exited (code ${code})`)));
    this.#worker = worker;
    return worker;
  }
}
