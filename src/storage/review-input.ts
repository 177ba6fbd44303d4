// What the review queue takes in, checked once for every backend: which records enter the queue
// (a `flag` verdict) and as what item, the list filter, and a decision's fields and bounds. Also
// the order and cursor of a page. No SQL, no I/O.

import type { RequestRecord } from '../telemetry/request-record.js';
import { decodeRecordCursor, pageSize, requireOrganization, type RecordCursor } from './record-filter.js';
import {
  maxNoteLength,
  maxReviewerLength,
  reviewStatuses,
  reviewVerdicts,
  type Review,
  type ReviewDecision,
  type ReviewFilter,
  type ReviewStatus,
} from './review-store.js';
import { StorageError } from './storage-error.js';
import { reviewHoldOf, storedHoldOf } from './held-answer.js';

const maxIdLength = 200;

export interface NormalizedReviewFilter {
  organizationId: string;
  status?: ReviewStatus;
  limit: number;
  after?: RecordCursor;
}

/** A decision as every backend stores it: the status it leads to, an empty note as none. */
export interface CheckedDecision {
  id: string;
  organizationId: string;
  status: Exclude<ReviewStatus, 'pending'>;
  note: string | null;
  decidedBy: string;
  decidedByKeyId: string | null;
}

function invalid(message: string): never {
  throw new StorageError('invalid-input', message);
}

/** The checks that flagged (or held) the record, each once, in verdict order (empty: nothing to review). */
export function flaggedChecks(record: Pick<RequestRecord, 'guardrails'>): string[] {
  const checks = new Set<string>();
  for (const verdict of record.guardrails)
    if (verdict.action === 'flag' || verdict.action === 'hold') checks.add(verdict.check);
  return [...checks];
}

/** The pending item a stored record puts in the queue, or undefined when no check flagged it. */
export function reviewOf(record: RequestRecord, createdAt: number): Review | undefined {
  const checks = flaggedChecks(record);
  if (checks.length === 0) return undefined;
  return {
    id: record.id,
    organizationId: record.organizationId,
    teamId: record.teamId,
    projectId: record.projectId,
    keyId: record.keyId,
    receivedAt: record.receivedAt,
    createdAt,
    route: record.route,
    model: record.model,
    checks,
    status: 'pending',
    note: null,
    decidedBy: null,
    decidedByKeyId: null,
    decidedAt: null,
    hold: record.hold === undefined ? null : reviewHoldOf(storedHoldOf(record.hold, createdAt)),
  };
}

export function normalizeReviewFilter(filter: ReviewFilter): NormalizedReviewFilter {
  const normalized: NormalizedReviewFilter = {
    organizationId: requireOrganization(filter.organizationId),
    limit: pageSize(filter.limit),
  };
  if (filter.status !== undefined) {
    if (!reviewStatuses.includes(filter.status))
      invalid(`status must be one of ${reviewStatuses.join(', ')}`);
    normalized.status = filter.status;
  }
  if (filter.cursor !== undefined) normalized.after = decodeRecordCursor(filter.cursor);
  return normalized;
}

function hasControlCharacters(text: string, allowLineBreaks: boolean): boolean {
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    const lineBreak = character === '\n' || character === '\r' || character === '\t';
    if ((code < 0x20 || code === 0x7f) && !(allowLineBreaks && lineBreak)) return true;
  }
  return false;
}

/** Checks a decision; every backend accepts and refuses exactly the same ones. */
export function checkDecision(decision: ReviewDecision): CheckedDecision {
  const { id, verdict, note, decidedBy, decidedByKeyId } = decision;
  if (typeof id !== 'string' || id === '' || id.length > maxIdLength)
    invalid(`id must be a non-empty string of at most ${maxIdLength} characters`);
  const organizationId = requireOrganization(decision.organizationId);
  if (!reviewVerdicts.includes(verdict)) invalid(`verdict must be one of ${reviewVerdicts.join(', ')}`);
  if (note !== undefined && note !== null && typeof note !== 'string') invalid('note must be a string');
  if (typeof note === 'string' && note.length > maxNoteLength)
    invalid(`note must be at most ${maxNoteLength} characters`);
  // Postgres text cannot hold U+0000; other control characters have no place in a note either.
  if (typeof note === 'string' && hasControlCharacters(note, true))
    invalid('note must not contain control characters other than line breaks and tabs');
  if (typeof decidedBy !== 'string' || decidedBy.trim() === '' || decidedBy.length > maxReviewerLength)
    invalid(`the reviewer must be a non-empty string of at most ${maxReviewerLength} characters`);
  if (hasControlCharacters(decidedBy, false)) invalid('the reviewer must not contain control characters');
  if (decidedByKeyId !== null && typeof decidedByKeyId !== 'string')
    invalid('decidedByKeyId must be a string or null');
  return {
    id,
    organizationId,
    status: verdict === 'approve' ? 'approved' : 'rejected',
    note: note === undefined || note === null || note === '' ? null : note,
    decidedBy,
    decidedByKeyId,
  };
}
