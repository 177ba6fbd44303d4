// Throughput at a fixed concurrency for a fixed time, plus the target process's CPU time per
// request over exactly that window (utime + stime from /proc, warm-up excluded).

import type { Dispatcher } from 'undici';
import { readCpuMicros } from '../process-stats.js';
import type { Target } from '../target.js';
import { benchPool, sendChat } from './chat-request.js';

export interface ThroughputOptions {
  concurrency: number;
  durationMs: number;
  warmupMs: number;
}

export interface ThroughputResult {
  requestsPerSecond: number;
  /** Successful requests in the measured window. */
  requests: number;
  errors: number;
  cpuMicrosPerRequest: number;
}

/** Keeps `concurrency` requests in flight until the deadline; in-flight ones are let finish. */
async function saturate(pool: Dispatcher, target: Target, concurrency: number, durationMs: number) {
  const deadline = performance.now() + durationMs;
  let succeeded = 0;
  let failed = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      if (await sendChat(pool, target)) succeeded += 1;
      else failed += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { succeeded, failed };
}

export async function measureThroughput(
  target: Target,
  options: ThroughputOptions,
): Promise<ThroughputResult> {
  const pool = benchPool(target, options.concurrency);
  try {
    await saturate(pool, target, options.concurrency, options.warmupMs);
    const cpuBefore = readCpuMicros(target.pid);
    const started = process.hrtime.bigint();
    const { succeeded, failed } = await saturate(pool, target, options.concurrency, options.durationMs);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuMicros = readCpuMicros(target.pid) - cpuBefore;
    return {
      requestsPerSecond: succeeded / seconds,
      requests: succeeded,
      errors: failed,
      cpuMicrosPerRequest: succeeded > 0 ? cpuMicros / succeeded : Number.NaN,
    };
  } finally {
    await pool.destroy();
  }
}
