// Run one logical call over a route's targets: the first target, then fallbacks and retries
// while the errors allow it and the deadline leaves room. Used by chat and embeddings alike.

import type { Cancellation } from '../core/index.js';
import { GatewayError, toGatewayError, withRetryable } from '../errors.js';
import { attemptCancellation } from './attempt-cancellation.js';
import { deploymentFailed } from './deployment-failed.js';
import { raceHedge, type Launched } from './race-hedge.js';
import { decideRetry, retryDelayMs, type RetryPolicy } from './retry-policy.js';

export interface AttemptInfo<Target> {
  target: Target;
  /** 0 for the first attempt. */
  number: number;
  /** This attempt's own: fires when the client leaves or when the attempt is called off (a hedge lost). */
  cancellation: Cancellation;
  /**
   * Called by an attempt that answers with a stream still to relay: the deployment counts it in
   * flight until the returned function is called, at the stream's end (least-in-flight reads it).
   */
  keepOpen: () => () => void;
}

export interface RetryOutcome<Result> {
  result: Result;
  /** Attempts started, the answering one and any hedge included. */
  attempts: number;
  /** The index in `targets` of the target that answered: above 0 means a fallback served. */
  served: number;
  /** The answering attempt's number (AttemptInfo.number). */
  number: number;
  /** Set when a hedge was sent: which of the two answered first. */
  hedge?: 'first-won' | 'hedge-won';
}

/** When to send a hedge: a delay for the first attempt's target, or undefined for none. */
export interface HedgePolicy<Target> {
  delayMs(target: Target): number | undefined;
}

/**
 * Whether a target may be tried now (its circuit breaker), told of each attempt's outcome.
 * `acquire` may reserve a half-open breaker's probe slot: every true is followed by one settle.
 */
export interface TargetHealth<Target> {
  acquire(target: Target): boolean;
  /**
   * failure: the deployment failed; success: it answered (even a 4xx); none: no verdict (the
   * client left); lost: called off after a hedge answered first, so it needed at least
   * `elapsedMs`. `elapsedMs`: from the attempt's start to its answer (a stream's commit) or end.
   * `error`: what a failed attempt threw, as the provider's error mapping read it.
   */
  settle(
    target: Target,
    outcome: 'success' | 'failure' | 'none' | 'lost',
    elapsedMs: number,
    error?: GatewayError,
    /** A success whose stream is still being relayed: in flight until closed(). */
    stillOpen?: boolean,
  ): void;
  /** A stream settled as stillOpen has ended. */
  closed?(target: Target): void;
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
  hedge?: HedgePolicy<Target>,
): Promise<RetryOutcome<Result>> {
  const avoided = new Set<number>();
  // Each target's failures so far: going back to a target that failed is a retry of it, and
  // waits its backoff (and its Retry-After), even when other targets were tried in between.
  const failures = new Map<number, { count: number; last: GatewayError }>();
  const launch = (index: number, number: number): Launched<Result> =>
    launchAttempt(targets[index] as Target, index, number, cancellation, attempt, health);
  let index = 0;
  let last: GatewayError | undefined;
  let number = 0;
  for (;;) {
    const chosen = health === undefined ? index : available(targets, index, avoided, health);
    if (chosen === undefined) {
      if (last !== undefined) throw new RetriesExhausted(last, number);
      throw allSkipped(targets, health!);
    }
    index = chosen;
    // Going back to a target that failed waits its backoff and Retry-After, whichever target the
    // breakers left: the one the last failure pointed at may have been skipped.
    const previous = failures.get(index);
    if (previous !== undefined) {
      const wait = retryDelayMs(policy, previous.count, previous.last);
      const stop = Date.now() + wait >= deadline ? last! : undefined;
      if (stop === undefined && wait > 0) await pause(wait, cancellation);
      if (stop !== undefined || cancellation.cancelled) {
        // Its breaker let it through (a half-open probe, maybe): it is owed a verdict.
        health?.settle(targets[index] as Target, 'none', 0);
        throw new RetriesExhausted(stop ?? last!, number);
      }
    }
    const first = launch(index, number);
    const delay = number === 0 && targets.length > 1 ? hedge?.delayMs(targets[index] as Target) : undefined;
    let failed: Array<{ index: number; error: GatewayError }>;
    if (delay === undefined) {
      try {
        return { result: await first.promise, attempts: number + 1, served: index, number };
      } catch (thrown) {
        failed = [{ index, error: toGatewayError(thrown) }];
      }
    } else {
      const outcome = await raceHedge(first, delay, () => {
        const start = (index + 1) % targets.length;
        const next =
          health === undefined
            ? nextTarget(targets.length, index, avoided)
            : available(targets, start, avoided, health);
        if (next === undefined) return undefined;
        if (next === index) {
          // Only the first attempt's own target is open: no hedge, and the slot the check took
          // (an in-flight count, maybe a half-open probe) is given back.
          if (health !== undefined) health.settle(targets[next] as Target, 'none', 0);
          return undefined;
        }
        return launch(next, number + 1);
      });
      if (outcome.kind === 'answered') {
        const { winner, result, launched } = outcome;
        const answered = { result, attempts: number + launched, served: winner.index, number: winner.number };
        return launched > 1 ? { ...answered, hedge: winner === first ? 'first-won' : 'hedge-won' } : answered;
      }
      failed = outcome.failures.map(({ launched, error }) => ({
        index: launched.index,
        error: toGatewayError(error),
      }));
    }
    for (const failure of failed) {
      failures.set(failure.index, {
        count: (failures.get(failure.index)?.count ?? 0) + 1,
        last: failure.error,
      });
      const verdict = decideRetry(failure.error);
      if (verdict.action === 'retry' && verdict.avoidTarget) avoided.add(failure.index);
      last = failure.error;
      index = failure.index;
    }
    number += failed.length;
    const error = last as GatewayError;
    if (cancellation.cancelled) throw new RetriesExhausted(error, number);
    // The request's whole budget is spent: a retry by the client would only be later still.
    if (Date.now() >= deadline) throw new RetriesExhausted(withRetryable(error, false), number);
    const decision = decideRetry(error);
    if (decision.action === 'stop' || number > policy.attempts) throw new RetriesExhausted(error, number);
    const next = nextTarget(targets.length, index, avoided);
    if (next === undefined) throw new RetriesExhausted(error, number);
    index = next;
  }
}

/** Starts one attempt with its own cancellation; its outcome goes to the target's health. */
function launchAttempt<Target, Result>(
  target: Target,
  index: number,
  number: number,
  cancellation: Cancellation,
  attempt: (info: AttemptInfo<Target>) => Promise<Result>,
  health: TargetHealth<Target> | undefined,
): Launched<Result> {
  const own = attemptCancellation(cancellation);
  const startedAt = performance.now();
  // A stream's end may come before or after its settle: it closes once both have happened.
  let open: 'no' | 'yes' | 'settled' | 'ended' = 'no';
  const keepOpen = (): (() => void) => {
    open = 'yes';
    return () => {
      if (open === 'settled') health?.closed?.(target);
      open = 'ended';
    };
  };
  const promise = attempt({ target, number, cancellation: own, keepOpen }).then(
    (result) => {
      // Still subscribed: a committed stream goes on after this, and the client may leave it.
      const stillOpen = open === 'yes';
      health?.settle(target, 'success', performance.now() - startedAt, undefined, stillOpen);
      if (stillOpen) open = 'settled';
      return result;
    },
    (thrown: unknown) => {
      own.release();
      const error = toGatewayError(thrown);
      const verdict = own.cancelled
        ? cancellation.cancelled
          ? 'none'
          : 'lost'
        : deploymentFailed(error)
          ? 'failure'
          : 'success';
      health?.settle(target, verdict, performance.now() - startedAt, error);
      throw error;
    },
  );
  return { index, number, promise, cancel: () => own.cancel() };
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
