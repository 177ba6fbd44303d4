// Admin API over the human review queue (used by `switchyard review`): pages of flagged requests,
// one item with its record as the request log holds it (per the route's body policy, nothing
// more), the decision, made once, and a failed delivery of a held answer's decision sent again
// (POST .../<id>/redeliver). Scoped to the admin's organisation; any admin token for now
// (per-role visibility comes with access control).

import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import type { Principal } from '../../auth/principal.js';
import type { StoredHold } from '../../storage/held-answer.js';
import type { RecordStore } from '../../storage/record-store.js';
import {
  maxNoteLength,
  maxReviewerLength,
  reviewStatuses,
  reviewVerdicts,
  type Review,
  type ReviewStore,
} from '../../storage/review-store.js';
import { isStorageError } from '../../storage/storage-error.js';
import { authenticateAdmin } from '../authenticate.js';
import { deliverDecision } from '../deliver-decision.js';
import type { Exchange } from '../exchange.js';
import type { Gateway } from '../gateway.js';
import { invalidRequest, parseQuery } from '../parse-query.js';
import { readJsonBody } from '../read-body.js';
import { decodePathPart } from '../path-part.js';

const listQuery = z.strictObject({
  status: z.enum(reviewStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: z.string().min(1).max(1000).optional(),
});

const decisionBody = z.strictObject({
  decision: z.enum(reviewVerdicts),
  note: z.string().max(maxNoteLength).optional(),
  reviewer: z.string().trim().min(1).max(maxReviewerLength).optional(),
});

/** A decision is a verdict and a short note: 4,000 characters are at most 16 KB of UTF-8. */
const maxBodyBytes = 64 * 1024;

const itemsPrefix = '/admin/reviews/';
const redeliverSuffix = '/redeliver';

export async function handleAdminReviews(
  exchange: Exchange,
  gateway: Gateway,
  method: string,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  const admin = await authenticateAdmin(exchange.request, gateway);
  const { reviewStore: reviews, recordStore: records } = gateway;
  if (reviews === undefined || records === undefined) {
    throw new GatewayError(
      'not_found',
      'The review queue is kept with the request log, which is off (records.enabled: false).',
    );
  }
  try {
    if (path === '/admin/reviews') {
      if (method !== 'GET') throw new GatewayError('method_not_allowed', 'Use GET on this route.');
      return await list(exchange, reviews, admin, query);
    }
    if (path.endsWith(redeliverSuffix)) {
      const id = itemId(path.slice(0, -redeliverSuffix.length));
      if (method !== 'POST') throw new GatewayError('method_not_allowed', 'Use POST on this route.');
      return await redeliver(exchange, gateway, reviews, admin, id);
    }
    const id = itemId(path);
    if (method === 'GET') return await show(exchange, reviews, records, admin, id);
    if (method === 'POST') return await decide(exchange, gateway, reviews, admin, id);
    throw new GatewayError('method_not_allowed', 'Use GET or POST on this route.');
  } catch (error) {
    // A forged cursor or a note the store refuses: the client's mistake, not ours.
    if (isStorageError(error) && error.code === 'invalid-input') {
      throw new GatewayError('invalid_request', error.message);
    }
    throw error;
  }
}

function itemId(path: string): string {
  const id = decodePathPart(path.slice(itemsPrefix.length));
  if (id === '' || id.includes('/')) throw new GatewayError('not_found', `No review with id "${id}".`);
  return id;
}

async function list(
  exchange: Exchange,
  reviews: ReviewStore,
  admin: Principal,
  query: URLSearchParams,
): Promise<void> {
  const parsed = parseQuery(listQuery, query);
  const page = await reviews.list({
    organizationId: admin.scope.organizationId,
    ...(parsed.status === undefined ? {} : { status: parsed.status }),
    ...(parsed.limit === undefined ? {} : { limit: parsed.limit }),
    ...(parsed.cursor === undefined ? {} : { cursor: parsed.cursor }),
  });
  exchange.sendJson(200, JSON.stringify({ data: page.reviews, nextCursor: page.nextCursor }));
}

async function show(
  exchange: Exchange,
  reviews: ReviewStore,
  records: RecordStore,
  admin: Principal,
  id: string,
): Promise<void> {
  const organizationId = admin.scope.organizationId;
  const { review, hold: held } = await reviewWithHold(reviews, id, organizationId);
  // The record as GET /admin/records/<id> shows it: its bodies are what the body policy kept.
  const record = (await records.get(id, organizationId)) ?? null;
  // A held answer is what the reviewer decides on, whatever the body policy kept in the record.
  const heldAnswer = held?.answer == null ? null : (JSON.parse(held.answer) as unknown);
  exchange.sendJson(200, JSON.stringify({ review, record, heldAnswer }));
}

async function decide(
  exchange: Exchange,
  gateway: Gateway,
  reviews: ReviewStore,
  admin: Principal,
  id: string,
): Promise<void> {
  const parsed = decisionBody.safeParse(await readJsonBody(exchange.request, maxBodyBytes));
  if (!parsed.success) throw invalidRequest(parsed.error, 'field');
  const { decision, note, reviewer } = parsed.data;
  const result = await reviews.decide({
    id,
    organizationId: admin.scope.organizationId,
    verdict: decision,
    note: note ?? null,
    decidedBy: reviewer ?? admin.name,
    decidedByKeyId: admin.keyId,
  });
  switch (result.outcome) {
    case 'decided':
      exchange.sendJson(200, JSON.stringify(result.review));
      // After the answer: the reviewer never waits on a callback (its state shows on the item).
      if (result.review.hold?.delivery === 'sending' || result.review.hold?.delivery === 'expired')
        void deliverDecision(gateway, result.review);
      return;
    case 'already-decided':
      throw new GatewayError('conflict', alreadyDecided(result.review));
    case 'not-found':
      throw new GatewayError('not_found', `No review with id "${id}".`);
  }
}

/**
 * Sends a decision again whose delivery failed (every call of its round failed): a new round of
 * calls, from attempt 1, in the background; 202 with the item. Anything else is a 409 saying why.
 * Claimed by the hold's updatedAt, so two admins redelivering at once start one round.
 */
async function redeliver(
  exchange: Exchange,
  gateway: Gateway,
  reviews: ReviewStore,
  admin: Principal,
  id: string,
): Promise<void> {
  const organizationId = admin.scope.organizationId;
  const { hold } = await reviewWithHold(reviews, id, organizationId);
  if (hold === undefined) {
    throw new GatewayError('conflict', `Review "${id}" held no answer: there is no decision to deliver.`);
  }
  if (hold.callbackUrl === null) {
    throw new GatewayError(
      'conflict',
      `Review "${id}" has no callback: its caller polls GET /v1/reviews/${id}.`,
    );
  }
  if (hold.delivery !== 'failed')
    throw new GatewayError('conflict', notRedeliverable(id, hold.delivery, hold.expiresAt));
  const claimed = await reviews.noteDelivery({
    id,
    organizationId,
    from: ['failed'],
    delivery: 'sending',
    attempts: 0,
    lastError: null,
    forgetAnswer: false,
    ifUpdatedAt: hold.updatedAt,
  });
  const sending = claimed ? await reviews.get(id, organizationId) : undefined;
  if (sending === undefined) {
    throw new GatewayError('conflict', `Review "${id}" changed meanwhile (another redelivery?); look again.`);
  }
  exchange.sendJson(202, JSON.stringify(sending));
  void deliverDecision(gateway, sending);
}

function notRedeliverable(id: string, delivery: string, expiresAt: number): string {
  const only = 'only a failed delivery can be sent again';
  switch (delivery) {
    case 'waiting':
      return `Review "${id}" is not decided yet: ${only}.`;
    case 'sending':
      return `Review "${id}" is being delivered now: ${only}.`;
    case 'delivered':
      return `Review "${id}" was already delivered: ${only}.`;
    case 'expired':
      return `Review "${id}": the held answer expired at ${new Date(expiresAt).toISOString()}; nothing can be sent.`;
    default:
      return `Review "${id}" is ${delivery}: ${only}.`;
  }
}

/** The item (404 when unknown to this organisation) and its hold as of now, when it has one. */
async function reviewWithHold(
  reviews: ReviewStore,
  id: string,
  organizationId: string,
): Promise<{ review: Review; hold: StoredHold | undefined }> {
  const review = await reviews.get(id, organizationId);
  if (review === undefined) throw new GatewayError('not_found', `No review with id "${id}".`);
  return { review, hold: review.hold === null ? undefined : await reviews.hold(id, organizationId) };
}

function alreadyDecided(review: Review): string {
  const when = review.decidedAt === null ? '' : ` at ${new Date(review.decidedAt).toISOString()}`;
  return `Review "${review.id}" was already ${review.status} by ${review.decidedBy ?? 'someone'}${when}; a decision is final.`;
}
