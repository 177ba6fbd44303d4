// When and how long to wait before the next attempt. Defaults live here, in one place; issue 5
// extends this with per-route conditions. Only errors before the commit point ever get here.

import type { GatewayError } from '../errors.js';

export interface RetryPolicy {
  /** Extra attempts after the first, across the route's targets. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 2, baseDelayMs: 200, maxDelayMs: 5_000 };

export type RetryDecision =
  | { action: 'stop' }
  /** Try another target; `avoidTarget` keeps the failed one out of the rest of this request. */
  | { action: 'retry'; avoidTarget: boolean };

export function decideRetry(error: GatewayError): RetryDecision {
  // An account out of quota will not recover in seconds: fall back at once, never retry it.
  if (error.code === 'insufficient_quota') return { action: 'retry', avoidTarget: true };
  if (!error.retryable) return { action: 'stop' };
  return { action: 'retry', avoidTarget: false };
}

/**
 * Delay before retry number `retry` (1-based) of the same target: exponential backoff with full
 * jitter, or the upstream's Retry-After when it gave one, whichever is longer.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  error: GatewayError,
  random = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.floor(random() * ceiling);
  const asked = error.retryAfterSeconds === undefined ? 0 : error.retryAfterSeconds * 1000;
  return Math.max(jittered, asked);
}
