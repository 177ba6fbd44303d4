// Run one logical call over a route's targets: the first target, then fallbacks and retries
// while the errors allow it and the deadline leaves room. Used by chat and embeddings alike.

import type { Cancellation } from '../core/index.js';
import { GatewayError, toGatewayError, withRetryable } from '../errors.js';
import { deploymentFailed } from './deployment-failed.js';
import { decideRetry, retryDelayMs, type RetryPolicy } from './retry-policy.js';

export interface AttemptInfo<Target> {
  target: Target;
  /** 0 for the first attempt. */
  number: number;
}

export interface RetryOutcome<Result> {
  result: Result;
  attempts: number;
  /** The index in `targets` of the target that answered: above 0 means a fallback served. */
  served: number;
}

/**
 * Whether a target may be tried now (its circuit breaker), told of each attempt's outcome.
 * `acquire` may reserve a half-open breaker's probe slot: every true is followed by one settle.
 */
export interface TargetHealth<Target> {
  acquire(target: Target): boolean;
  /**
   * failure: the deployment failed; success: it answered (even a 4xx); none: no verdict (the
   * client left). `elapsedMs`: from the attempt's start to its answer (a stream's commit) or failure.
   */
  settle(target: Target, outcome: 'success' | 'failure' | 'none', elapsedMs: number): void;
  /** Milliseconds until a skipped target may be tried again. */
  retryInMs(target: Target): number;
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
  health?: TargetHealth<Target>,
): Promise<RetryOutcome<Result>> {
  const avoided = new Set<number>();
  // Each target's failures so far: going back to a target that failed is a retry of it, and
  // waits its backoff (and its Retry-After), even when other targets were tried in between.
  const failures = new Map<number, { count: number; last: GatewayError }>();
  let index = 0;
  let last: GatewayError | undefined;
  for (let number = 0; ; number++) {
    const chosen = health === undefined ? index : available(targets, index, avoided, health);
    if (chosen === undefined) {
      if (last !== undefined) throw new RetriesExhausted(last, number);
      throw allSkipped(targets, health!);
    }
    index = chosen;
    const target = targets[index] as Target;
    const startedAt = performance.now();
    try {
      const result = await attempt({ target, number });
      health?.settle(target, 'success', performance.now() - startedAt);
      return { result, attempts: number + 1, served: index };
    } catch (thrown) {
      const error = toGatewayError(thrown);
      last = error;
      const verdict = cancellation.cancelled ? 'none' : deploymentFailed(error) ? 'failure' : 'success';
      health?.settle(target, verdict, performance.now() - startedAt);
      failures.set(index, { count: (failures.get(index)?.count ?? 0) + 1, last: error });
      if (cancellation.cancelled) throw new RetriesExhausted(error, number + 1);
      // The request's whole budget is spent: a retry by the client would only be later still.
      if (Date.now() >= deadline) throw new RetriesExhausted(withRetryable(error, false), number + 1);
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

/**
 * The first target from `start` on (wrapping) that is not avoided and whose health lets it be
 * tried now. A skipped target is not avoided: a later attempt of the same request may find it
 * half-open.
 */
function available<Target>(
  targets: readonly Target[],
  start: number,
  avoided: ReadonlySet<number>,
  health: TargetHealth<Target>,
): number | undefined {
  for (let step = 0; step < targets.length; step++) {
    const candidate = (start + step) % targets.length;
    if (!avoided.has(candidate) && health.acquire(targets[candidate] as Target)) return candidate;
  }
  return undefined;
}

/** Every target skipped before any attempt: say when the soonest one will be probed. */
function allSkipped<Target>(targets: readonly Target[], health: TargetHealth<Target>): GatewayError {
  const soonest = Math.min(...targets.map((target) => health.retryInMs(target)));
  return new GatewayError(
    'unavailable',
    'every target of this model is failing and was skipped (circuit breaker open); try again shortly',
    { retryAfterSeconds: Math.max(1, Math.ceil(soonest / 1000)) },
  );
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
