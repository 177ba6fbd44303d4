import { describe, expect, it } from 'vitest';
import { GatewayError, errorTable, type ErrorCode } from '../errors.js';
import { decideRetry, defaultRetryPolicy, retryDelayMs, type RetryPolicy } from './retry-policy.js';

const codes = Object.keys(errorTable) as ErrorCode[];
const policy: RetryPolicy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
const plain = new GatewayError('upstream_error', 'Bad gateway.');

describe('decideRetry', () => {
  it.each(codes.filter((code) => code !== 'insufficient_quota'))('follows the table for %s', (code) => {
    const decision = decideRetry(new GatewayError(code, 'x'));
    if (errorTable[code].retryable) expect(decision).toEqual({ action: 'retry', avoidTarget: false });
    else expect(decision).toEqual({ action: 'stop' });
  });

  it('stops on a client error such as a 400', () => {
    expect(decideRetry(new GatewayError('invalid_request', 'Bad role.', { status: 400 }))).toEqual({
      action: 'stop',
    });
    expect(decideRetry(new GatewayError('context_length_exceeded', 'Too long.'))).toEqual({ action: 'stop' });
  });

  it('falls back at once on insufficient_quota and avoids that target from then on', () => {
    expect(decideRetry(new GatewayError('insufficient_quota', 'No credit.'))).toEqual({
      action: 'retry',
      avoidTarget: true,
    });
  });

  it('obeys a per-error retryable override (an upstream that said x-should-retry)', () => {
    expect(decideRetry(new GatewayError('upstream_error', 'x', { retryable: false }))).toEqual({
      action: 'stop',
    });
    expect(decideRetry(new GatewayError('internal', 'x', { retryable: true }))).toEqual({
      action: 'retry',
      avoidTarget: false,
    });
  });
});

describe('retryDelayMs', () => {
  it('draws from zero up to the exponential ceiling (full jitter)', () => {
    for (const [retry, ceiling] of [
      [1, 100],
      [2, 200],
      [3, 400],
      [4, 800],
    ] as const) {
      expect(retryDelayMs(policy, retry, plain, () => 0)).toBe(0);
      expect(retryDelayMs(policy, retry, plain, () => 0.5)).toBe(ceiling / 2);
      expect(retryDelayMs(policy, retry, plain, () => 0.999_999)).toBe(ceiling - 1);
    }
  });

  it('never exceeds maxDelayMs, however many retries', () => {
    for (const retry of [5, 6, 20, 1_100]) {
      const delay = retryDelayMs(policy, retry, plain, () => 0.999_999);
      expect(delay).toBeLessThan(policy.maxDelayMs);
      expect(delay).toBeGreaterThanOrEqual(policy.maxDelayMs - 1);
    }
  });

  it('waits at least what Retry-After asked, even past maxDelayMs', () => {
    const limited = new GatewayError('rate_limited', 'Slow down.', { retryAfterSeconds: 2 });
    expect(retryDelayMs(policy, 1, limited, () => 0)).toBe(2_000);
    expect(
      retryDelayMs(policy, 1, new GatewayError('rate_limited', 'x', { retryAfterSeconds: 0.25 }), () => 0),
    ).toBe(250);
  });

  it('keeps the jittered backoff when it is longer than Retry-After', () => {
    const soon = new GatewayError('rate_limited', 'Slow down.', { retryAfterSeconds: 0.05 });
    expect(retryDelayMs(policy, 4, soon, () => 0.5)).toBe(400);
  });

  it('uses Math.random by default and stays in range', () => {
    for (let index = 0; index < 50; index++) {
      const delay = retryDelayMs(defaultRetryPolicy, 2, plain);
      expect(Number.isInteger(delay)).toBe(true);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(2 * defaultRetryPolicy.baseDelayMs);
    }
  });
});
