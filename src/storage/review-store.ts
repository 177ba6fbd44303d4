// The ReviewStore capability: the human review queue of requests a guardrail flagged (issue 7).
// An item is queued by the RecordStore, in the same transaction as its record, when the record
// holds a `flag` verdict; it goes when retention purges the record. Reviewers list the queue and
// approve or reject an item once. An item whose answer an output check held keeps that answer
// (held-answer.ts) until it is handed over or expires. Every backend passes review-store.case.ts.
// No HTTP here.

import type { DeliveryStep, ReviewHold, StaleDelivery, StoredHold } from './held-answer.js';

export const reviewStatuses = ['pending', 'approved', 'rejected'] as const;

export type ReviewStatus = (typeof reviewStatuses)[number];

export const reviewVerdicts = ['approve', 'reject'] as const;

/** A note is a reviewer's reason, not a document. */
export const maxNoteLength = 4000;
export const maxReviewerLength = 200;

export type ReviewVerdict = (typeof reviewVerdicts)[number];

export interface Review {
  /** The request id: one item per request record. */
  id: string;
  organizationId: string;
  teamId: string | null;
  projectId: string | null;
  keyId: string | null;
  /** When the request arrived (the record's receivedAt), epoch ms: the queue's order. */
  receivedAt: number;
  /** When the item was queued (the record stored), epoch ms. */
  createdAt: number;
  route: string | null;
  /** The model name the client asked for. */
  model: string;
  /** The checks whose verdict was `flag`, each once, in verdict order. */
  checks: string[];
  status: ReviewStatus;
  /** Set with the decision; null while pending. */
  note: string | null;
  /** Who decided, as the reviewer named themselves (or the admin token's name). */
  decidedBy: string | null;
  /** The admin key the decision was made with. */
  decidedByKeyId: string | null;
  decidedAt: number | null;
  /** The held answer's handover, when an output check held the answer; null otherwise. */
  hold: ReviewHold | null;
}

export interface ReviewFilter {
  /** Always required: a query never crosses organisations. */
  organizationId: string;
  /** Every status when absent. */
  status?: ReviewStatus;
  /** Page size, 1..1000 (default 50). */
  limit?: number;
  /** From a previous page's nextCursor. */
  cursor?: string;
}

export interface ReviewPage {
  /** Newest first (receivedAt, then id, descending). */
  reviews: Review[];
  /** Absent on the last page. */
  nextCursor?: string;
}

export interface ReviewDecision {
  id: string;
  organizationId: string;
  verdict: ReviewVerdict;
  /** At most maxNoteLength characters; an empty note is stored as none. */
  note?: string | null;
  /** 1..200 characters. */
  decidedBy: string;
  decidedByKeyId: string | null;
}

/** What a decision did: only the first decision on an item counts. */
export type DecisionOutcome =
  | { outcome: 'decided'; review: Review }
  | { outcome: 'already-decided'; review: Review }
  | { outcome: 'not-found' };

export interface ReviewStore {
  /** The organisation's items, newest first, optionally of one status. */
  list(filter: ReviewFilter): Promise<ReviewPage>;
  get(id: string, organizationId: string): Promise<Review | undefined>;
  /**
   * Approves or rejects a pending item, atomically: of two concurrent decisions one wins, the
   * other is told the item was already decided. Throws StorageError 'invalid-input' on bad fields.
   */
  decide(decision: ReviewDecision): Promise<DecisionOutcome>;
  /** Pending items across every organisation (a gauge for /metrics). */
  pendingCount(): Promise<number>;
  /**
   * The item's hold as of now, with the answer while it is kept (a decision to reject forgets it;
   * past its keep time it reads as expired); undefined when the item or its hold is unknown.
   */
  hold(id: string, organizationId: string): Promise<StoredHold | undefined>;
  /** Records a delivery step when the hold's stored state is one of `from`; true when it was. */
  noteDelivery(step: DeliveryStep): Promise<boolean>;
  /** Forgets the answers whose keep time has ended (their state becomes expired); how many. */
  expireHolds(): Promise<number>;
  /**
   * Holds still `sending`, not past their keep time, whose state last changed before
   * `updatedBefore` (epoch ms): deliveries a stopped gateway left unfinished. Oldest first.
   */
  staleDeliveries(updatedBefore: number, limit: number): Promise<StaleDelivery[]>;
}
