// withRetries with a TargetHealth: open targets are skipped without an attempt, every attempt's
// outcome is reported once, and a request that finds every target skipped fails fast.

import { cancellationFrom } from '../core/index.js';
import { describe, expect, it } from 'vitest';
import { GatewayError, type ErrorCode } from '../errors.js';
import type { RetryPolicy } from './retry-policy.js';
import { RetriesExhausted, withRetries, type AttemptInfo, type TargetHealth } from './with-retries.js';

const instant: RetryPolicy = { attempts: 5, baseDelayMs: 1, maxDelayMs: 1 };
const farDeadline = () => Date.now() + 60_000;

/** A health whose `open` targets refuse; it logs every call. */
function fakeHealth(open: Set<string>, retryInMs = 2_500) {
  const log: string[] = [];
  const health: TargetHealth<string> = {
    acquire(target) {
      log.push(`acquire ${target}`);
      return !open.has(target);
    },
    settle(target, outcome) {
      log.push(`${outcome} ${target}`);
    },
    retryInMs: () => retryInMs,
  };
  return { health, log };
}

const failing = (code: ErrorCode) => new GatewayError(code, `failed: ${code}`);

/** withRetries over t0 and t1 with an instant backoff, a far deadline and this health. */
function retry<Result>(
  attempt: (info: AttemptInfo<string>) => Promise<Result>,
  health: TargetHealth<string>,
  signal = new AbortController().signal,
  targets = ['t0', 't1'],
) {
  return withRetries(targets, instant, farDeadline(), cancellationFrom(signal), attempt, health);
}

describe('withRetries with target health', () => {
  it('skips an open first target without attempting it, and says a fallback served', async () => {
    const { health, log } = fakeHealth(new Set(['t0']));
    const attempted: string[] = [];
    const outcome = await retry(async ({ target, number }) => {
      attempted.push(`${number}:${target}`);
      return target;
    }, health);
    expect(outcome).toEqual({ result: 't1', attempts: 1, served: 1, number: 0 });
    expect(attempted).toEqual(['0:t1']);
    expect(log).toEqual(['acquire t0', 'acquire t1', 'success t1']);
  });

  it('reports a server error as a failure and a client error as an answer', async () => {
    const { health, log } = fakeHealth(new Set());
    const errors = [failing('upstream_error'), failing('invalid_request')];
    await expect(
      retry(async () => {
        throw errors.shift() ?? new Error('no more errors scripted');
      }, health),
    ).rejects.toMatchObject({ code: 'invalid_request', attempts: 2 });
    expect(log).toEqual(['acquire t0', 'failure t0', 'acquire t1', 'success t1']);
  });

  it('counts a rate limit as an answer: the deployment is alive', async () => {
    const { health, log } = fakeHealth(new Set());
    const errors = [failing('rate_limited')];
    await retry(async ({ target }) => {
      const error = errors.shift();
      if (error) throw error;
      return target;
    }, health);
    expect(log).toEqual(['acquire t0', 'success t0', 'acquire t1', 'success t1']);
  });

  it('gives a probe back without a verdict when the client went away', async () => {
    const { health, log } = fakeHealth(new Set());
    const controller = new AbortController();
    await expect(
      retry(
        async () => {
          controller.abort();
          throw failing('upstream_error');
        },
        health,
        controller.signal,
        ['t0'],
      ),
    ).rejects.toBeInstanceOf(RetriesExhausted);
    expect(log).toEqual(['acquire t0', 'none t0']);
  });

  it('fails fast with 503 and a Retry-After when every target is skipped', async () => {
    const { health } = fakeHealth(new Set(['t0', 't1']), 2_500);
    let attempts = 0;
    const started = Date.now();
    const error = await retry(async () => {
      attempts++;
      return 'never';
    }, health).catch((thrown: unknown) => thrown);
    expect(Date.now() - started).toBeLessThan(50);
    expect(attempts).toBe(0);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'unavailable', status: 503, retryAfterSeconds: 3 });
  });

  it('ends with the last real error when the remaining targets are skipped after a failure', async () => {
    const open = new Set<string>();
    const { health } = fakeHealth(open);
    const error = await retry(async () => {
      open.add('t0').add('t1'); // both breakers open while the first attempt runs
      throw failing('overloaded');
    }, health).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RetriesExhausted);
    expect(error).toMatchObject({ code: 'overloaded', attempts: 1 });
  });
});
