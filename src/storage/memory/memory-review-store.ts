// ReviewStore in process memory, beside MemoryRecordStore, which queues and drops its items as it
// stores and purges records. Same contract as the databases (review-store.case.ts); never hands
// out a reference to a stored item.

import { systemClock, type Clock } from '../clock.js';
import { compareNewestFirst } from '../record-filter.js';
import { nextCursor } from '../record-sql.js';
import { checkDecision, normalizeReviewFilter, reviewOf } from '../review-input.js';
import type {
  DecisionOutcome,
  Review,
  ReviewDecision,
  ReviewFilter,
  ReviewPage,
  ReviewStore,
} from '../review-store.js';
import type { RequestRecord } from '../../telemetry/request-record.js';

export class MemoryReviewStore implements ReviewStore {
  private readonly reviews = new Map<string, Review>();
  private readonly clock: Clock;

  constructor(clock: Clock = systemClock) {
    this.clock = clock;
  }

  /** Queues the item of a record just stored, when a check flagged it. */
  enqueue(record: RequestRecord): void {
    const review = reviewOf(record, this.clock().getTime());
    if (review !== undefined) this.reviews.set(review.id, review);
  }

  /** Drops the item of a purged record. */
  remove(id: string): void {
    this.reviews.delete(id);
  }

  async list(filter: ReviewFilter): Promise<ReviewPage> {
    const normalized = normalizeReviewFilter(filter);
    const { after, status } = normalized;
    const found = [...this.reviews.values()].filter(
      (review) =>
        review.organizationId === normalized.organizationId &&
        (status === undefined || review.status === status) &&
        (after === undefined || compareNewestFirst(review, after) > 0),
    );
    found.sort(compareNewestFirst);
    const page = found.slice(0, normalized.limit + 1);
    const reviews = page.slice(0, normalized.limit).map((review) => structuredClone(review));
    const cursor = nextCursor(page, normalized.limit);
    return cursor === undefined ? { reviews } : { reviews, nextCursor: cursor };
  }

  async get(id: string, organizationId: string): Promise<Review | undefined> {
    const review = this.reviews.get(id);
    return review !== undefined && review.organizationId === organizationId
      ? structuredClone(review)
      : undefined;
  }

  async decide(decision: ReviewDecision): Promise<DecisionOutcome> {
    const checked = checkDecision(decision);
    const review = this.reviews.get(checked.id);
    if (review === undefined || review.organizationId !== checked.organizationId)
      return { outcome: 'not-found' };
    if (review.status !== 'pending') return { outcome: 'already-decided', review: structuredClone(review) };
    Object.assign(review, {
      status: checked.status,
      note: checked.note,
      decidedBy: checked.decidedBy,
      decidedByKeyId: checked.decidedByKeyId,
      decidedAt: this.clock().getTime(),
    });
    return { outcome: 'decided', review: structuredClone(review) };
  }

  async pendingCount(): Promise<number> {
    let pending = 0;
    for (const review of this.reviews.values()) if (review.status === 'pending') pending += 1;
    return pending;
  }
}
