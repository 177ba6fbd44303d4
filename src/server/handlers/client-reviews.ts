// GET /v1/reviews/<id>: a caller asks after an answer its route held for review, with the same
// virtual key that made the request (docs/guardrails.md#polling). It gets the status and, once
// approved and while kept, the answer exactly as it would have received it. Any other key,
// project or organisation gets the 404 an unknown id gets: a review id is never a way across
// tenants. On a route without a callback, the poll that returns an approved answer delivers it.

import type { Principal } from '../../auth/principal.js';
import { GatewayError } from '../../errors.js';
import type { StoredHold } from '../../storage/held-answer.js';
import type { Review } from '../../storage/review-store.js';
import { anonymousPrincipal, authenticateData } from '../authenticate.js';
import type { Exchange } from '../exchange.js';
import type { Gateway } from '../gateway.js';
import { decodePathPart } from '../path-part.js';

export const clientReviewsPath = '/v1/reviews/';

/** What the caller sees; snake_case like the dialects it already reads. */
interface ReviewAnswer {
  id: string;
  object: 'switchyard.review';
  status: Review['status'];
  /** Where the handover stands (held-answer.ts), expired included. */
  delivery: StoredHold['delivery'];
  /** Unix seconds: until then the answer is kept for a decision and its delivery. */
  expires_at: number;
  /** The reviewer's note, once decided. */
  note: string | null;
  /** Approved and still kept: the answer, in the dialect of the request. */
  answer: unknown;
}

/** Whether the caller is the key (and project) that made the request: a review's, or a fresh hold's. */
function isOwn(owner: Pick<Review, 'keyId' | 'projectId'>, principal: Principal): boolean {
  const keyId = principal === anonymousPrincipal ? null : principal.keyId;
  return owner.keyId === keyId && owner.projectId === principal.scope.projectId;
}

/**
 * An id this gateway held a moment ago, not yet in the review queue: `pending` to its owner, the
 * 404 of an unknown id to anyone else.
 */
function sendNotYetRecorded(exchange: Exchange, gateway: Gateway, principal: Principal, id: string): void {
  const pending = gateway.heldPending?.find(id, principal.scope.organizationId);
  if (pending === undefined || !isOwn(pending.owner, principal)) throw unknownReview(id);
  const body: ReviewAnswer = {
    id,
    object: 'switchyard.review',
    status: 'pending',
    delivery: 'waiting',
    expires_at: Math.floor(pending.expiresAt / 1000),
    note: null,
    answer: null,
  };
  exchange.sendJson(200, JSON.stringify(body));
}

function unknownReview(id: string): GatewayError {
  return new GatewayError('not_found', `No held answer with id "${id}" for this key.`);
}

export async function handleClientReview(
  exchange: Exchange,
  gateway: Gateway,
  method: string,
  path: string,
): Promise<void> {
  if (method !== 'GET') throw new GatewayError('method_not_allowed', 'Use GET on this route.');
  const principal = await authenticateData(exchange.request, gateway);
  const id = decodePathPart(path.slice(clientReviewsPath.length));
  const unknown = unknownReview(id);
  const reviews = gateway.reviewStore;
  if (reviews === undefined || id === '' || id.includes('/')) throw unknown;
  const organizationId = principal.scope.organizationId;
  const review = await reviews.get(id, organizationId);
  if (review === undefined) return sendNotYetRecorded(exchange, gateway, principal, id);
  if (review.hold === null || !isOwn(review, principal)) throw unknown;
  const hold = await reviews.hold(id, organizationId);
  if (hold === undefined) throw unknown;
  const answer = review.status === 'approved' && hold.answer !== null ? JSON.parse(hold.answer) : null;
  let delivery = hold.delivery;
  // Without a callback, this poll is the handover of the decision (and of an approved answer,
  // forgotten once returned).
  if (delivery === 'ready' && review.status !== 'pending') {
    const step = { id, organizationId, from: ['ready'] as const, attempts: 0, lastError: null };
    if (await reviews.noteDelivery({ ...step, delivery: 'delivered', forgetAnswer: true }))
      delivery = 'delivered';
  }
  const body: ReviewAnswer = {
    id,
    object: 'switchyard.review',
    status: review.status,
    delivery,
    expires_at: Math.floor(hold.expiresAt / 1000),
    note: review.note,
    answer,
  };
  exchange.sendJson(200, JSON.stringify(body));
}
