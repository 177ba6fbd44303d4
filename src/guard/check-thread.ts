// The event loop's handle on the guardrail worker thread (check-worker.ts): started on first use,
// one at a time per request in order of arrival, each bounded by a timeout. A late or failed
// thread rejects; the caller refuses the request (checks that cannot run do not let data through).

import type { Worker } from 'node:worker_threads';
import { startWorker } from '../io/start-worker.js';
import { WorkerCalls } from '../io/worker-calls.js';
import type { LocalChecksInput, LocalChecksOutcome } from './local-checks.js';

export class CheckThread extends WorkerCalls<LocalChecksInput, LocalChecksOutcome> {
  constructor(start?: () => Worker) {
    super({
      start: start ?? (() => startWorker(import.meta.url, 'check-worker')),
      work: 'the checks',
      thread: 'the guardrail thread',
    });
  }
}
