// A held answer (docs/guardrails.md#holding-answers-for-review): what an output check with action
// `hold` kept from the client, stored with the request's review item whatever the route's body
// policy, and its delivery's state. The rules every backend applies are here, once: what a decision
// does to the held answer, and when the keep time makes it expire. No SQL, no I/O.

import type { ReviewStatus } from './review-store.js';

/** What a request record carries when its answer was held (stored apart from the record). */
export interface HeldAnswer {
  /** The answer exactly as the client would have received it: JSON text in its dialect. */
  answer: string;
  /** Where the decision goes; null: the caller polls GET /v1/reviews/<id>. */
  callbackUrl: string | null;
  /** The environment variable holding the callback's signing secret; null without a callback. */
  secretEnv: string | null;
  /** Epoch ms: after it the answer is forgotten, delivered or not. */
  expiresAt: number;
}

/**
 * Where a held answer's handover stands:
 * - waiting: no decision yet;
 * - sending: decided, the callback is being called (with retries);
 * - ready: decided, no callback: the caller polls;
 * - delivered: the callback acknowledged the decision (2xx), or a poll took the approved answer;
 * - failed: the callback did not acknowledge it after every retry (an approved answer can still
 *   be polled until it expires);
 * - expired: the keep time ended first; the answer is gone.
 */
export const holdDeliveries = ['waiting', 'sending', 'ready', 'delivered', 'failed', 'expired'] as const;

export type HoldDelivery = (typeof holdDeliveries)[number];

/** The states in which the answer may still be kept (until expiresAt). */
export const openDeliveries: readonly HoldDelivery[] = ['waiting', 'sending', 'ready', 'failed'];

/** A review item's hold, as the admin API and `switchyard review` show it (never the answer). */
export interface ReviewHold {
  delivery: HoldDelivery;
  callbackUrl: string | null;
  expiresAt: number;
  /** Callback calls made so far. */
  attempts: number;
  /** The last failed call's reason (status or error), when any. */
  lastError: string | null;
  /** When the state last changed, epoch ms. */
  updatedAt: number;
}

/** A hold as stored: its view plus what only the gateway reads. */
export interface StoredHold extends ReviewHold {
  /** Null once delivered, rejected or expired. */
  answer: string | null;
  secretEnv: string | null;
}

/** A delivery step: the hold it moves, from which states, and what it records. */
export interface DeliveryStep {
  id: string;
  organizationId: string;
  /** The step applies only while the stored state is one of these. */
  from: readonly HoldDelivery[];
  delivery: HoldDelivery;
  attempts: number;
  lastError: string | null;
  /** Forget the answer (delivered: it has been handed over). */
  forgetAnswer: boolean;
  /**
   * The step applies only while the stored updatedAt is still this: how a replica takes over a
   * stale delivery without another one taking it too.
   */
  ifUpdatedAt?: number;
}

/** A delivery left in `sending` by a gateway that stopped: what resuming it needs. */
export interface StaleDelivery {
  id: string;
  organizationId: string;
  attempts: number;
  lastError: string | null;
  updatedAt: number;
}

/** The stored hold of a record just queued for review. */
export function storedHoldOf(held: HeldAnswer, now: number): StoredHold {
  return {
    answer: held.answer,
    callbackUrl: held.callbackUrl,
    secretEnv: held.secretEnv,
    expiresAt: held.expiresAt,
    delivery: 'waiting',
    attempts: 0,
    lastError: null,
    updatedAt: now,
  };
}

/** What a decision does to a hold that is still waiting: rejected answers are never kept. */
export function decidedHold(
  hold: StoredHold,
  status: Exclude<ReviewStatus, 'pending'>,
  now: number,
): StoredHold {
  if (hold.delivery !== 'waiting' || hold.expiresAt <= now) return hold;
  return {
    ...hold,
    delivery: hold.callbackUrl === null ? 'ready' : 'sending',
    answer: status === 'approved' ? hold.answer : null,
    updatedAt: now,
  };
}

/** A hold as read at `now`: past its keep time, an open hold reads as expired, without its answer. */
export function holdAt(hold: StoredHold, now: number): StoredHold {
  if (hold.expiresAt > now || !openDeliveries.includes(hold.delivery)) return hold;
  return { ...hold, delivery: 'expired', answer: null };
}

/** The view without what only the gateway reads. */
export function reviewHoldOf(hold: StoredHold): ReviewHold {
  const { answer: _answer, secretEnv: _secretEnv, ...view } = hold;
  return view;
}
