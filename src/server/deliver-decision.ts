// Delivers a reviewer's decision on a held answer to its route's callback, off the admin
// request's response path (docs/guardrails.md#what-the-callback-receives): one JSON POST, signed
// (guard/hold-signature.ts), retried with doubling delays; a 2xx is delivered (the answer is then
// forgotten), anything else after the last attempt is failed (an approved answer can still be
// polled until it expires). Each step is noted on the item's hold and counted on /metrics.
// Never throws: it runs after the decision has been answered. A delivery a stopped gateway left in
// `sending` is taken over by a replica's sweep (resume-deliveries.ts) and goes on from its attempt
// count: delivery is at least once.

import { request } from 'undici';
import { signatureHeader, signDelivery } from '../guard/hold-signature.js';
import type { StoredHold } from '../storage/held-answer.js';
import type { Review } from '../storage/review-store.js';
import type { GatewayConfig } from '../config/config-schema.js';
import type { Gateway } from './gateway.js';

export interface DeliveryPolicy {
  /** Calls in all, the first included. */
  attempts: number;
  /** The wait before the first retry; it doubles after each (capped at maxDelayMs). */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Longest wait for a callback's answer. */
  timeoutMs: number;
  /**
   * A delivery no step has touched for this long is taken for one a stopped gateway left
   * (resume-deliveries.ts): longer than one timeout and one wait, the longest a live one pauses.
   */
  resumeAfterMs: number;
}

/** The defaults, in one place: about a minute of retries in all. */
export const deliveryDefaults: DeliveryPolicy = {
  attempts: 5,
  firstDelayMs: 2_000,
  maxDelayMs: 30_000,
  timeoutMs: 10_000,
  resumeAfterMs: 70_000,
};

/** What the callback receives (the body of the signed POST). */
export interface DecisionDelivery {
  type: 'review.decided';
  /** The review's id: the request id the client got in x-switchyard-review. */
  id: string;
  decision: 'approved' | 'rejected';
  note: string | null;
  decidedBy: string | null;
  /** ISO 8601. */
  decidedAt: string | null;
  /** Approved: the answer exactly as the client would have received it (JSON, in its dialect). */
  answer: unknown;
}

export function decisionBody(review: Review, hold: StoredHold): string {
  const delivery: DecisionDelivery = {
    type: 'review.decided',
    id: review.id,
    decision: review.status === 'approved' ? 'approved' : 'rejected',
    note: review.note,
    decidedBy: review.decidedBy,
    decidedAt: review.decidedAt === null ? null : new Date(review.decidedAt).toISOString(),
    answer: review.status === 'approved' && hold.answer !== null ? JSON.parse(hold.answer) : null,
  };
  return JSON.stringify(delivery);
}

type Send = (url: string, body: string, secret: string, timeoutMs: number) => Promise<string | undefined>;

/** One signed POST; undefined when the callback acknowledged it, else why not. */
function sender(gateway: Pick<Gateway, 'dispatchers'>): Send {
  return async (url, body, secret, timeoutMs) => {
    try {
      const response = await request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'switchyard-hold-delivery',
          [signatureHeader]: signDelivery(secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        dispatcher: gateway.dispatchers.for('hold callbacks', url),
      });
      await response.body.dump();
      return response.statusCode >= 200 && response.statusCode < 300
        ? undefined
        : `status ${response.statusCode}`;
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
      return error instanceof Error ? error.message : String(error);
    }
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Delivers the decision on `review` when its hold waits for a callback. */
export async function deliverDecision(gateway: Gateway, review: Review): Promise<void> {
  const reviews = gateway.reviewStore;
  const count = (outcome: 'delivered' | 'retried' | 'failed' | 'expired') =>
    gateway.metrics?.countHoldDelivery?.(outcome);
  const policy = deliveryPolicy(gateway, review.route);
  const { id, organizationId } = review;
  try {
    const hold = await reviews?.hold(id, organizationId);
    if (reviews === undefined || hold === undefined) return;
    if (hold.delivery === 'expired') count('expired');
    if (hold.delivery !== 'sending' || hold.callbackUrl === null) return;
    const body = decisionBody(review, hold);
    const secret = hold.secretEnv === null ? undefined : process.env[hold.secretEnv];
    const note = (delivery: 'sending' | 'delivered' | 'failed', attempts: number, lastError: string | null) =>
      reviews.noteDelivery({
        id,
        organizationId,
        from: ['sending'],
        delivery,
        attempts,
        lastError,
        forgetAnswer: delivery === 'delivered',
      });
    if (secret === undefined || secret === '') {
      count('failed');
      await note('failed', 0, `the signing secret's variable ${hold.secretEnv ?? ''} is not set`);
      return;
    }
    const send = sender(gateway);
    let delay = policy.firstDelayMs;
    // A resumed delivery goes on from the attempts a stopped gateway made.
    for (let attempt = hold.attempts + 1; ; attempt++) {
      const failure = await send(hold.callbackUrl, body, secret, policy.timeoutMs);
      if (failure === undefined) {
        count('delivered');
        await note('delivered', attempt, null);
        return;
      }
      const last = attempt >= policy.attempts || Date.now() + delay >= hold.expiresAt;
      count(last ? 'failed' : 'retried');
      await note(last ? 'failed' : 'sending', attempt, failure);
      if (last) return;
      await sleep(delay);
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  } catch (error) {
    // The store failed us: the hold stays as it was noted last (visible on the item).
    const log = gateway.log ?? ((line: string) => console.error(line));
    log(`switchyard warn: delivering review ${id}: ${String(error)}`);
  }
}

/**
 * The delivery policy for a review of `route`: the defaults, the route's `guardrails.hold.retries`
 * in the live config (a route edited since the hold was made delivers with its new settings), and
 * the gateway's own (tests shorten the waits).
 */
export function deliveryPolicy(
  gateway: { configs: { current: GatewayConfig }; holdDelivery?: Partial<DeliveryPolicy> | undefined },
  route: string | null,
): DeliveryPolicy {
  const retries =
    route === null ? undefined : gateway.configs.current.models[route]?.guardrails?.hold?.retries;
  const configured = Object.fromEntries(
    Object.entries(retries ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<DeliveryPolicy>;
  return { ...deliveryDefaults, ...configured, ...gateway.holdDelivery };
}
