// The worker thread's side of worker-calls.ts: answers each call with what `handle` returns, or
// with its error's message. Does nothing outside a worker thread.

import { parentPort } from 'node:worker_threads';
import type { WorkerCall, WorkerReply } from './worker-calls.js';

export function answerCalls<Input, Output>(handle: (input: Input) => Output): void {
  parentPort?.on('message', ({ id, input }: WorkerCall<Input>) => {
    let reply: WorkerReply<Output>;
    try {
      reply = { id, output: handle(input) };
    } catch (error) {
      reply = { id, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort?.postMessage(reply);
  });
}
