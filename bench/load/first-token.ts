// Time to first content at concurrency 1: from sending a streaming request to parsing the first
// delta with text. The mock sends its first content a fixed 20 ms in, so what a target adds on top
// shows directly. A stream that does not carry the whole answer to `[DONE]` is a failure.

import type { Dispatcher } from 'undici';
import { answerText } from '../mock-payloads.js';
import { nanosToMicros, percentile } from '../stats.js';
import type { Target } from '../target.js';
import { benchPool, chatRequest } from './chat-request.js';
import { FailureStreak } from './failure-streak.js';
import { isCompleteStream, readChatStream } from './stream-reader.js';

export interface FirstTokenOptions {
  warmup: number;
  requests: number;
}

export interface FirstTokenResult {
  p50Us: number;
  p99Us: number;
  errors: number;
}

/** Microseconds to first content of one complete stream, or undefined when the stream failed. */
export async function timeFirstContent(pool: Dispatcher, target: Target): Promise<number | undefined> {
  const started = process.hrtime.bigint();
  try {
    const response = await pool.request(chatRequest(target, true));
    if (response.statusCode !== 200) {
      await response.body.dump();
      return undefined;
    }
    const reading = await readChatStream(response.body);
    if (!isCompleteStream(reading, answerText) || reading.firstContentAt === undefined) return undefined;
    return nanosToMicros(reading.firstContentAt - started);
  } catch {
    return undefined;
  }
}

export async function measureFirstToken(
  target: Target,
  options: FirstTokenOptions,
): Promise<FirstTokenResult> {
  const pool = benchPool(target, 1);
  try {
    for (let index = 0; index < options.warmup; index += 1) await timeFirstContent(pool, target);
    const samples: number[] = [];
    const streak = new FailureStreak();
    let errors = 0;
    for (let index = 0; index < options.requests; index += 1) {
      const micros = await timeFirstContent(pool, target);
      streak.record(micros !== undefined);
      if (micros === undefined) errors += 1;
      else samples.push(micros);
    }
    if (samples.length === 0) return { p50Us: Number.NaN, p99Us: Number.NaN, errors };
    return { p50Us: percentile(samples, 0.5), p99Us: percentile(samples, 0.99), errors };
  } finally {
    await pool.destroy();
  }
}
