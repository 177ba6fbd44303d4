// The admin API's review-queue shapes as the CLI reads them (GET /admin/reviews, GET and POST
// /admin/reviews/<id>), and the query and body it sends. Checked for the fields the CLI prints;
// answers are kept untouched so --json passes on exactly what the gateway said.

import { z } from 'zod';
import {
  maxNoteLength,
  maxReviewerLength,
  reviewStatuses,
  type ReviewStatus,
  type ReviewVerdict,
} from '../storage/review-store.js';
import { recordShape, unchanged } from './record-schemas.js';

export { maxNoteLength, maxReviewerLength, reviewStatuses };

/** A held answer's handover (src/storage/held-answer.ts); lenient like the status. */
const holdShape = z.looseObject({
  delivery: z.string(),
  callbackUrl: z.string().nullable(),
  expiresAt: z.number(),
  attempts: z.number(),
  lastError: z.string().nullable(),
});

// A lenient status string: a value a newer gateway adds must not break the CLI.
const reviewShape = z.looseObject({
  id: z.string(),
  receivedAt: z.number(),
  route: z.string().nullable(),
  model: z.string(),
  checks: z.array(z.string()),
  status: z.string(),
  note: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.number().nullable(),
  // Absent from gateways before held answers.
  hold: holdShape.nullish(),
});

/** A Review (src/storage/review-store.ts) with at least the fields the CLI prints. */
export type ReviewView = z.output<typeof reviewShape>;

export const reviewSchema = unchanged(reviewShape);

export const reviewPageSchema = z.object({
  data: z.array(reviewSchema),
  nextCursor: z.string().nullish(),
});
export type ReviewPageView = z.output<typeof reviewPageSchema>;

const reviewDetailShape = z.looseObject({
  review: reviewShape,
  record: recordShape.nullable(),
  /** The answer an output check held, while kept (whatever the body policy). */
  heldAnswer: z.unknown().optional(),
});

/** GET /admin/reviews/<id>: the item and its record as the request log keeps it (null once purged). */
export const reviewDetailSchema = unchanged(reviewDetailShape);
export type ReviewDetailView = z.output<typeof reviewDetailShape>;

/** The query parameters of GET /admin/reviews. */
export interface ReviewQuery {
  status?: ReviewStatus;
  limit?: number;
  cursor?: string;
}

/** The body of POST /admin/reviews/<id>. */
export interface ReviewDecisionInput {
  decision: ReviewVerdict;
  note?: string;
  reviewer?: string;
}

export function reviewSearch(query: ReviewQuery): URLSearchParams {
  const search = new URLSearchParams();
  if (query.status !== undefined) search.set('status', query.status);
  if (query.limit !== undefined) search.set('limit', String(query.limit));
  if (query.cursor !== undefined) search.set('cursor', query.cursor);
  return search;
}
