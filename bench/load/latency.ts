// Latency at concurrency 1: one keep-alive connection, one request at a time, each timed with
// process.hrtime.bigint() in µs (autocannon rounds to whole ms, too coarse for a 0.1 ms budget).
// Only successes are timed; failures are counted, and a run of them ends the measurement.

import { nanosToMicros, percentile } from '../stats.js';
import type { Target } from '../target.js';
import { benchPool, sendChat } from './chat-request.js';
import { FailureStreak } from './failure-streak.js';

export interface LatencyOptions {
  warmup: number;
  requests: number;
}

export interface LatencyResult {
  p50Us: number;
  p99Us: number;
  errors: number;
}

export async function measureLatency(target: Target, options: LatencyOptions): Promise<LatencyResult> {
  const pool = benchPool(target, 1);
  try {
    for (let index = 0; index < options.warmup; index += 1) await sendChat(pool, target);
    const samples: number[] = [];
    const streak = new FailureStreak();
    let errors = 0;
    for (let index = 0; index < options.requests; index += 1) {
      const started = process.hrtime.bigint();
      const succeeded = await sendChat(pool, target);
      const elapsed = process.hrtime.bigint() - started;
      streak.record(succeeded);
      if (succeeded) samples.push(nanosToMicros(elapsed));
      else errors += 1;
    }
    if (samples.length === 0) return { p50Us: Number.NaN, p99Us: Number.NaN, errors };
    return { p50Us: percentile(samples, 0.5), p99Us: percentile(samples, 0.99), errors };
  } finally {
    await pool.destroy();
  }
}
