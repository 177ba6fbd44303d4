// Run one logical call over a route's targets: the first target, then fallbacks and retries
// while the errors allow it and the deadline leaves room. Used by chat and embeddings alike.

import type { Cancellation } from '../core/index.js';
import { GatewayError, toGatewayError } from '../errors.js';
import { decideRetry, retryDelayMs, type RetryPolicy } from './retry-policy.js';

export interface AttemptInfo<Target> {
  target: Target;
  /** 0 for the first attempt. */
  number: number;
}

export interface RetryOutcome<Result> {
  result: Result;
  attempts: number;
}

export class RetriesExhausted extends GatewayError {
  constructor(
    last: GatewayError,
    readonly attempts: number,
  ) {
    super(last.code, last.message, {
      status: last.status,
      retryable: last.retryable,
      retryAfterSeconds: last.retryAfterSeconds,
      upstreamType: last.upstreamType,
      upstreamCode: last.upstreamCode,
      param: last.param,
      cause: last,
    });
  }
}

export async function withRetries<Target, Result>(
  targets: readonly Target[],
  policy: RetryPolicy,
  deadline: number,
  cancellation: Cancellation,
  attempt: (info: AttemptInfo<Target>) => Promise<Result>,
): Promise<RetryOutcome<Result>> {
  const avoided = new Set<number>();
  // Each target's failures so far: going back to a target that failed is a retry of it, and
  // waits its backoff (and its Retry-After), even when other targets were tried in between.
  const failures = new Map<number, { count: number; last: GatewayError }>();
  let index = 0;
  for (let number = 0; ; number++) {
    const target = targets[index] as Target;
    try {
      return { result: await attempt({ target, number }), attempts: number + 1 };
    } catch (thrown) {
      const error = toGatewayError(thrown);
      failures.set(index, { count: (failures.get(index)?.count ?? 0) + 1, last: error });
      if (cancellation.cancelled) throw new RetriesExhausted(error, number + 1);
      const decision = decideRetry(error);
      if (decision.action === 'stop' || number >= policy.attempts)
        throw new RetriesExhausted(error, number + 1);
      if (decision.avoidTarget) avoided.add(index);
      const next = nextTarget(targets.length, index, avoided);
      if (next === undefined) throw new RetriesExhausted(error, number + 1);
      const previous = failures.get(next);
      const delay = previous ? retryDelayMs(policy, previous.count, previous.last) : 0;
      if (Date.now() + delay >= deadline) throw new RetriesExhausted(error, number + 1);
      if (delay > 0) {
        await pause(delay, cancellation);
        if (cancellation.cancelled) throw new RetriesExhausted(error, number + 1);
      }
      index = next;
    }
  }
}

/** Wait `ms`, or less if cancelled meanwhile. */
function pause(ms: number, cancellation: Cancellation): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const unsubscribe = cancellation.onCancel(done);
    function done(): void {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}

/** The next target in order that is not avoided, wrapping around; undefined when all are. */
function nextTarget(count: number, current: number, avoided: ReadonlySet<number>): number | undefined {
  for (let step = 1; step <= count; step++) {
    const candidate = (current + step) % count;
    if (!avoided.has(candidate)) return candidate;
  }
  return undefined;
}
