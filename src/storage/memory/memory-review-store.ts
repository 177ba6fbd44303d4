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
import {
  decidedHold,
  holdAt,
  reviewHoldOf,
  storedHoldOf,
  type DeliveryStep,
  type StaleDelivery,
  type StoredHold,
} from '../held-answer.js';

export class MemoryReviewStore implements ReviewStore {
  private readonly reviews = new Map<string, Review>();
  /** Held answers by request id, beside their items. */
  private readonly holds = new Map<string, StoredHold>();
  private readonly clock: Clock;

  constructor(clock: Clock = systemClock) {
    this.clock = clock;
  }

  /** Queues the item of a record just stored, when a check flagged it. */
  enqueue(record: RequestRecord): void {
    const now = this.clock().getTime();
    const review = reviewOf(record, now);
    if (review === undefined) return;
    this.reviews.set(review.id, review);
    if (record.hold !== undefined) this.holds.set(review.id, storedHoldOf(record.hold, now));
  }

  /** Drops the item of a purged record. */
  remove(id: string): void {
    this.reviews.delete(id);
    this.holds.delete(id);
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
    const reviews = page.slice(0, normalized.limit).map((review) => this.view(review));
    const cursor = nextCursor(page, normalized.limit);
    return cursor === undefined ? { reviews } : { reviews, nextCursor: cursor };
  }

  async get(id: string, organizationId: string): Promise<Review | undefined> {
    const review = this.reviews.get(id);
    return review !== undefined && review.organizationId === organizationId ? this.view(review) : undefined;
  }

  /** A copy of the item with its hold as of now. */
  private view(review: Review): Review {
    const hold = this.holds.get(review.id);
    const now = this.clock().getTime();
    return { ...structuredClone(review), hold: hold === undefined ? null : reviewHoldOf(holdAt(hold, now)) };
  }

  async decide(decision: ReviewDecision): Promise<DecisionOutcome> {
    const checked = checkDecision(decision);
    const review = this.reviews.get(checked.id);
    if (review === undefined || review.organizationId !== checked.organizationId)
      return { outcome: 'not-found' };
    if (review.status !== 'pending') return { outcome: 'already-decided', review: this.view(review) };
    const now = this.clock().getTime();
    Object.assign(review, {
      status: checked.status,
      note: checked.note,
      decidedBy: checked.decidedBy,
      decidedByKeyId: checked.decidedByKeyId,
      decidedAt: now,
    });
    const hold = this.holds.get(review.id);
    if (hold !== undefined) this.holds.set(review.id, decidedHold(hold, checked.status, now));
    return { outcome: 'decided', review: this.view(review) };
  }

  async pendingCount(): Promise<number> {
    let pending = 0;
    for (const review of this.reviews.values()) if (review.status === 'pending') pending += 1;
    return pending;
  }

  async hold(id: string, organizationId: string): Promise<StoredHold | undefined> {
    const hold = this.holds.get(id);
    if (hold === undefined || this.reviews.get(id)?.organizationId !== organizationId) return undefined;
    return { ...holdAt(hold, this.clock().getTime()) };
  }

  async noteDelivery(note: DeliveryStep): Promise<boolean> {
    const { id, organizationId } = note;
    const hold = this.holds.get(id);
    if (hold === undefined || this.reviews.get(id)?.organizationId !== organizationId) return false;
    if (!note.from.includes(hold.delivery)) return false;
    if (note.ifUpdatedAt !== undefined && hold.updatedAt !== note.ifUpdatedAt) return false;
    this.holds.set(id, {
      ...hold,
      delivery: note.delivery,
      attempts: note.attempts,
      lastError: note.lastError,
      answer: note.forgetAnswer ? null : hold.answer,
      updatedAt: this.clock().getTime(),
    });
    return true;
  }

  async expireHolds(): Promise<number> {
    const now = this.clock().getTime();
    let expired = 0;
    for (const [id, hold] of this.holds) {
      const read = holdAt(hold, now);
      if (read.delivery !== 'expired' || hold.delivery === 'expired') continue;
      this.holds.set(id, { ...read, updatedAt: now });
      expired += 1;
    }
    return expired;
  }

  async staleDeliveries(updatedBefore: number, limit: number): Promise<StaleDelivery[]> {
    const now = this.clock().getTime();
    const stale: StaleDelivery[] = [];
    for (const [id, hold] of this.holds) {
      if (hold.delivery !== 'sending' || hold.updatedAt >= updatedBefore || hold.expiresAt <= now) continue;
      const organizationId = this.reviews.get(id)?.organizationId;
      if (organizationId === undefined) continue;
      const { attempts, lastError, updatedAt } = hold;
      stale.push({ id, organizationId, attempts, lastError, updatedAt });
    }
    return stale.sort((first, second) => first.updatedAt - second.updatedAt).slice(0, limit);
  }
}
