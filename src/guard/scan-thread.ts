// The event loop's handle on the scan worker thread (scan-worker.ts): large scans outside a request
// (POST /admin/guard/scan) run there, on a thread of their own, so an admin's megabytes never
// hold the event loop nor queue in front of a request's checks (check-thread.ts).

import type { Worker } from 'node:worker_threads';
import { startWorker } from '../io/start-worker.js';
import { WorkerCalls } from '../io/worker-calls.js';
import type { ScanRequest, ScanVerdict } from './scan-verdict.js';

export class ScanThread extends WorkerCalls<ScanRequest, ScanVerdict[]> {
  constructor(start?: () => Worker) {
    super({
      start: start ?? (() => startWorker(import.meta.url, 'scan-worker')),
      work: 'the scan',
      thread: 'the scan thread',
    });
  }
}
