import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WorkerCalls } from './worker-calls.js';

const calls = (source: string) =>
  new WorkerCalls<number, number>({
    start: () => new Worker(source, { eval: true }),
    work: 'the doubling',
    thread: 'the doubling thread',
  });

// An eval'd worker speaking the protocol of answer-calls.ts in plain JavaScript.
const doubling = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, input }) => parentPort.postMessage(
  input < 0 ? { id, error: 'negative' } : { id, output: input * 2 }));`;

describe('WorkerCalls', () => {
  it('answers each call with its own reply, and rejects with the reply error', async () => {
    const thread = calls(doubling);
    try {
      await expect(Promise.all([thread.run(2, 10_000), thread.run(5, 10_000)])).resolves.toEqual([4, 10]);
      await expect(thread.run(-1, 10_000)).rejects.toThrow('negative');
    } finally {
      await thread.close();
    }
  }, 20_000);

  it('rejects the calls in flight when the thread exits, and starts a new one for the next', async () => {
    let started = 0;
    const thread = new WorkerCalls<number, number>({
      start: () => {
        started += 1;
        return new Worker(started === 1 ? 'process.exit(3)' : doubling, { eval: true });
      },
      work: 'the doubling',
      thread: 'the doubling thread',
    });
    try {
      await expect(thread.run(1, 10_000)).rejects.toThrow('the doubling thread exited (code 3)');
      await expect(thread.run(1, 10_000)).resolves.toBe(2);
    } finally {
      await thread.close();
    }
  }, 20_000);

  it('rejects a call not answered in time', async () => {
    const thread = calls('setInterval(() => {}, 1000)');
    try {
      await expect(thread.run(1, 50)).rejects.toThrow('the doubling did not finish within 50 ms');
    } finally {
      await thread.close();
    }
  });
});
