import { cancellationFrom } from '../core/index.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GatewayError, type ErrorCode } from '../errors.js';
import type { RetryPolicy } from './retry-policy.js';
import { RetriesExhausted, withRetries, type AttemptInfo } from './with-retries.js';

/** Backoff of zero: with full jitter and a 1 ms ceiling, floor(random * 1) is always 0. */
const instant: RetryPolicy = { attempts: 5, baseDelayMs: 1, maxDelayMs: 1 };
const farDeadline = () => Date.now() + 60_000;
const open = () => cancellationFrom(new AbortController().signal);

interface Call {
  target: string;
  number: number;
  at: number;
}

/** An attempt function that fails with the given errors in turn, then answers with the target. */
function scripted(failures: readonly (GatewayError | Error)[]) {
  const calls: Call[] = [];
  const attempt = async ({ target, number }: AttemptInfo<string>): Promise<string> => {
    calls.push({ target, number, at: Date.now() });
    const failure = failures[calls.length - 1];
    if (failure) throw failure;
    return `answer from ${target}`;
  };
  return { calls, attempt };
}

const failing = (code: ErrorCode, options: ConstructorParameters<typeof GatewayError>[2] = {}) =>
  new GatewayError(code, `failed: ${code}`, options);

async function exhausted(promise: Promise<unknown>): Promise<RetriesExhausted> {
  const outcome = await promise.then(
    () => new Error('expected RetriesExhausted'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof RetriesExhausted)) throw outcome;
  return outcome;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('withRetries', () => {
  it('returns the first success with its attempt count', async () => {
    const { calls, attempt } = scripted([]);
    expect(await withRetries(['t0', 't1'], instant, farDeadline(), open(), attempt)).toEqual({
      result: 'answer from t0',
      attempts: 1,
      served: 0,
      number: 0,
    });
    expect(calls).toHaveLength(1);
  });

  it('falls back across targets in order, wrapping around, numbering attempts from 0', async () => {
    const { calls, attempt } = scripted([
      failing('rate_limited'),
      failing('upstream_error'),
      failing('overloaded'),
    ]);
    const outcome = await withRetries(['t0', 't1'], instant, farDeadline(), open(), attempt);
    expect(outcome).toEqual({ result: 'answer from t1', attempts: 4, served: 1, number: 3 });
    expect(calls.map(({ target, number }) => `${number}:${target}`)).toEqual([
      '0:t0',
      '1:t1',
      '2:t0',
      '3:t1',
    ]);
  });

  it('stops at once on a non-retryable error such as a 400', async () => {
    const { calls, attempt } = scripted([failing('invalid_request', { status: 400, param: 'messages' })]);
    const error = await exhausted(withRetries(['t0', 't1'], instant, farDeadline(), open(), attempt));
    expect(calls.map((call) => call.target)).toEqual(['t0']);
    expect(error).toMatchObject({ code: 'invalid_request', status: 400, param: 'messages', attempts: 1 });
  });

  it('treats an unknown thrown value as internal and does not retry it', async () => {
    const { calls, attempt } = scripted([new TypeError('undefined is not a function')]);
    const error = await exhausted(withRetries(['t0', 't1'], instant, farDeadline(), open(), attempt));
    expect(calls).toHaveLength(1);
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('undefined is not a function');
  });

  it('never returns to a target out of quota', async () => {
    const { calls, attempt } = scripted([
      failing('insufficient_quota'),
      failing('rate_limited'),
      failing('rate_limited'),
    ]);
    const outcome = await withRetries(['t0', 't1'], instant, farDeadline(), open(), attempt);
    expect(outcome.result).toBe('answer from t1');
    expect(calls.map((call) => call.target)).toEqual(['t0', 't1', 't1', 't1']);
  });

  it('gives up when every target is out of quota', async () => {
    const { calls, attempt } = scripted([failing('insufficient_quota'), failing('insufficient_quota')]);
    const error = await exhausted(withRetries(['t0', 't1'], instant, farDeadline(), open(), attempt));
    expect(calls.map((call) => call.target)).toEqual(['t0', 't1']);
    expect(error).toMatchObject({ code: 'insufficient_quota', attempts: 2 });
    const single = scripted([failing('insufficient_quota')]);
    await exhausted(withRetries(['t0'], instant, farDeadline(), open(), single.attempt));
    expect(single.calls).toHaveLength(1);
  });

  it('caps the attempts at one plus policy.attempts', async () => {
    const always = Array.from({ length: 10 }, () => failing('upstream_error'));
    for (const attempts of [0, 1, 3]) {
      const { calls, attempt } = scripted(always);
      const error = await exhausted(
        withRetries(['t0', 't1'], { ...instant, attempts }, farDeadline(), open(), attempt),
      );
      expect(calls).toHaveLength(attempts + 1);
      expect(error.attempts).toBe(attempts + 1);
    }
  });

  it('carries the last error: code, status, Retry-After, upstream type and code', async () => {
    const first = failing('upstream_error', { status: 503 });
    const last = failing('rate_limited', {
      status: 429,
      retryAfterSeconds: 0,
      upstreamType: 'rate_limit_error',
      upstreamCode: 'rate_limit_exceeded',
    });
    const { attempt } = scripted([first, last]);
    const error = await exhausted(
      withRetries(['t0', 't1'], { ...instant, attempts: 1 }, farDeadline(), open(), attempt),
    );
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      code: 'rate_limited',
      status: 429,
      retryable: true,
      retryAfterSeconds: 0,
      upstreamType: 'rate_limit_error',
      upstreamCode: 'rate_limit_exceeded',
      message: 'failed: rate_limited',
      attempts: 2,
    });
    expect(error.cause).toBe(last);
  });
});

describe('withRetries backoff', () => {
  it('waits a jittered backoff, bounded by the policy, before retrying the same target', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const policy: RetryPolicy = { attempts: 2, baseDelayMs: 40, maxDelayMs: 60 };
    const { calls, attempt } = scripted([failing('upstream_error'), failing('upstream_error')]);
    await withRetries(['only'], policy, farDeadline(), open(), attempt);
    const [first, second, third] = calls.map((call) => call.at) as [number, number, number];
    // floor(0.999 * 40) = 39 ms, then floor(0.999 * min(60, 80)) = 59 ms (timers may fire 1 ms early).
    expect(second - first).toBeGreaterThanOrEqual(38);
    expect(third - second).toBeGreaterThanOrEqual(58);
    expect(third - first).toBeLessThan(1_000);
  });

  it('waits for Retry-After before retrying the same target', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { calls, attempt } = scripted([failing('rate_limited', { retryAfterSeconds: 0.08 })]);
    await withRetries(['only'], instant, farDeadline(), open(), attempt);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(78);
  });

  it('falls back to another target without waiting', async () => {
    const { calls, attempt } = scripted([failing('rate_limited', { retryAfterSeconds: 30 })]);
    const started = Date.now();
    const outcome = await withRetries(['t0', 't1'], instant, farDeadline(), open(), attempt);
    expect(outcome.result).toBe('answer from t1');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(calls).toHaveLength(2);
  });

  it("honours a target's Retry-After when coming back to it after another target", async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { calls, attempt } = scripted([
      failing('rate_limited', { retryAfterSeconds: 0.08 }),
      failing('upstream_error'),
    ]);
    const outcome = await withRetries(['t0', 't1'], instant, farDeadline(), open(), attempt);
    expect(outcome.result).toBe('answer from t0');
    const [t0, , again] = calls as [Call, Call, Call];
    expect(again.target).toBe('t0');
    expect(again.at - t0.at).toBeGreaterThanOrEqual(78);
  });

  it('gives up instead of sleeping past the deadline', async () => {
    const { calls, attempt } = scripted([failing('rate_limited', { retryAfterSeconds: 5 })]);
    const started = Date.now();
    const error = await exhausted(withRetries(['only'], instant, Date.now() + 1_000, open(), attempt));
    expect(Date.now() - started).toBeLessThan(500);
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 5, attempts: 1 });
  });

  it('starts no new attempt once the deadline has passed', async () => {
    const { calls, attempt } = scripted([failing('upstream_timeout'), failing('upstream_timeout')]);
    const error = await exhausted(withRetries(['t0', 't1'], instant, Date.now() - 1, open(), attempt));
    expect(calls).toHaveLength(1);
    expect(error.code).toBe('upstream_timeout');
    // The whole budget is spent: the client is told not to retry it.
    expect(error.retryable).toBe(false);
  });

  it('leaves a failure retryable for the client while the budget is not spent', async () => {
    const { attempt } = scripted([failing('upstream_timeout')]);
    const error = await exhausted(
      withRetries(['t0'], { ...instant, attempts: 0 }, farDeadline(), open(), attempt),
    );
    expect(error.retryable).toBe(true);
  });

  it('stops sleeping and retrying when the signal aborts', async () => {
    const controller = new AbortController();
    const { calls, attempt } = scripted([failing('rate_limited', { retryAfterSeconds: 10 })]);
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const error = await exhausted(
      withRetries(['only'], instant, farDeadline(), cancellationFrom(controller.signal), attempt),
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ code: 'rate_limited', attempts: 1 });
  });

  it('does not retry an attempt that failed because the signal aborted', async () => {
    const controller = new AbortController();
    const reason = new GatewayError('request_timeout', 'The client closed the connection.');
    const calls: string[] = [];
    const error = await exhausted(
      withRetries(
        ['t0', 't1'],
        instant,
        farDeadline(),
        cancellationFrom(controller.signal),
        async ({ target }) => {
          calls.push(target);
          controller.abort(reason);
          // What an aborted upstream call reports: a retryable transport failure.
          throw failing('upstream_error');
        },
      ),
    );
    expect(calls).toEqual(['t0']);
    expect(error).toMatchObject({ code: 'upstream_error', attempts: 1 });
  });
});
