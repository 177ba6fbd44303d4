// Concurrency-1 latency of one case: sequential chat requests on one keep-alive connection, after
// unmeasured ones (300 by default); p50 and p99 in µs. Shared by bench/cache.ts and bench/guard-latency.ts.

import { Pool } from 'undici';
import { nanosToMicros, percentile } from './stats.js';

export interface LatencyCase {
  name: string;
  origin: string;
  authorization: string;
  model: string;
  /** true: the same body every time (cache hits); false: a distinct body per request. */
  repeat: boolean;
  /** The user's turn; default "Say hello to request <n>." (or a fixed question when repeating). */
  prompt?: (sequence: number) => string;
}

let sequence = 0;

export async function sequentialLatency(
  target: LatencyCase,
  requests: number,
  /** Requests sent first and not measured. */
  warmup = 300,
): Promise<{ p50: number; p99: number }> {
  const pool = new Pool(target.origin, { connections: 1 });
  const send = async (): Promise<void> => {
    sequence += 1;
    const content =
      target.prompt?.(sequence) ??
      (target.repeat ? 'What is the capital of France?' : `Say hello to request ${sequence}.`);
    const response = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: target.authorization },
      body: JSON.stringify({ model: target.model, messages: [{ role: 'user', content }] }),
    });
    await response.body.arrayBuffer();
    if (response.statusCode !== 200) throw new Error(`${target.name} answered ${response.statusCode}`);
  };
  try {
    for (let index = 0; index < warmup; index++) await send();
    const samples: number[] = [];
    for (let index = 0; index < requests; index++) {
      const started = process.hrtime.bigint();
      await send();
      samples.push(nanosToMicros(process.hrtime.bigint() - started));
    }
    return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
  } finally {
    await pool.destroy();
  }
}
