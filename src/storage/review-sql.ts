// The review queue's table as the SQL backends see it, and its statements written once for SQLite
// and Postgres: the row of a new item, a page, one item, the decision (a conditional update, so
// the first decision wins), the pending count. Builds SQL text and parameters; runs nothing.

import { nullableText } from './record-columns.js';
import { SqlParameters, type RecordSqlDialect, type SqlStatement } from './record-sql.js';
import type { CheckedDecision, NormalizedReviewFilter } from './review-input.js';
import type { Review, ReviewStatus } from './review-store.js';

export const reviewColumns = [
  'request_id',
  'organization_id',
  'team_id',
  'project_id',
  'key_id',
  'received_at',
  'created_at',
  'route',
  'model',
  'checks',
  'status',
  'note',
  'decided_by',
  'decided_by_key_id',
  'decided_at',
] as const;

export type ReviewRow = Record<(typeof reviewColumns)[number], unknown>;

const selectReview = `SELECT ${reviewColumns.join(', ')} FROM reviews`;

/** The item's row values, in reviewColumns order. */
export function reviewValues(review: Review, dialect: RecordSqlDialect): unknown[] {
  return [
    review.id,
    review.organizationId,
    review.teamId,
    review.projectId,
    review.keyId,
    dialect.toTime(review.receivedAt),
    dialect.toTime(review.createdAt),
    review.route,
    review.model,
    JSON.stringify(review.checks),
    review.status,
    review.note,
    review.decidedBy,
    review.decidedByKeyId,
    review.decidedAt === null ? null : dialect.toTime(review.decidedAt),
  ];
}

export function fromReviewRow(row: ReviewRow, dialect: RecordSqlDialect): Review {
  return {
    id: row.request_id as string,
    organizationId: row.organization_id as string,
    teamId: nullableText(row.team_id),
    projectId: nullableText(row.project_id),
    keyId: nullableText(row.key_id),
    receivedAt: dialect.fromTime(row.received_at),
    createdAt: dialect.fromTime(row.created_at),
    route: nullableText(row.route),
    model: row.model as string,
    checks: dialect.fromJson(row.checks) as string[],
    status: row.status as ReviewStatus,
    note: nullableText(row.note),
    decidedBy: nullableText(row.decided_by),
    decidedByKeyId: nullableText(row.decided_by_key_id),
    decidedAt:
      row.decided_at === null || row.decided_at === undefined ? null : dialect.fromTime(row.decided_at),
    // Read from held_answers beside it (hold-sql.ts).
    hold: null,
  };
}

/** One page plus one row, newest first; the extra row tells whether a next page exists. */
export function reviewPageStatement(filter: NormalizedReviewFilter, dialect: RecordSqlDialect): SqlStatement {
  const parameters = new SqlParameters(dialect);
  const conditions: string[] = [];
  // Status first: the status index leads with it (so the pending count reads it too).
  if (filter.status !== undefined) conditions.push(`status = ${parameters.add(filter.status)}`);
  conditions.push(`organization_id = ${parameters.add(filter.organizationId)}`);
  if (filter.after !== undefined) {
    const time = dialect.toTime(filter.after.receivedAt);
    conditions.push(`received_at <= ${parameters.add(time)}`);
    conditions.push(
      `(received_at < ${parameters.add(time)} OR request_id < ${parameters.add(filter.after.id)})`,
    );
  }
  const limit = parameters.add(filter.limit + 1);
  return {
    sql: `${selectReview} WHERE ${conditions.join(' AND ')} ORDER BY received_at DESC, request_id DESC LIMIT ${limit}`,
    params: parameters.values,
  };
}

export function reviewByIdStatement(
  id: string,
  organizationId: string,
  dialect: RecordSqlDialect,
): SqlStatement {
  const parameters = new SqlParameters(dialect);
  return {
    sql: `${selectReview} WHERE request_id = ${parameters.add(id)} AND organization_id = ${parameters.add(organizationId)}`,
    params: parameters.values,
  };
}

/** Changes one row when the item exists and is still pending, none otherwise. */
export function decideStatement(
  decision: CheckedDecision,
  decidedAt: number,
  dialect: RecordSqlDialect,
): SqlStatement {
  const parameters = new SqlParameters(dialect);
  const sql =
    `UPDATE reviews SET status = ${parameters.add(decision.status)}, note = ${parameters.add(decision.note)}, ` +
    `decided_by = ${parameters.add(decision.decidedBy)}, decided_by_key_id = ${parameters.add(decision.decidedByKeyId)}, ` +
    `decided_at = ${parameters.add(dialect.toTime(decidedAt))} ` +
    `WHERE request_id = ${parameters.add(decision.id)} AND organization_id = ${parameters.add(decision.organizationId)} ` +
    "AND status = 'pending'";
  return { sql, params: parameters.values };
}

export const pendingCountSql = "SELECT count(*) AS pending FROM reviews WHERE status = 'pending'";
