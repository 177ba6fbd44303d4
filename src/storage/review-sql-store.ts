// The review queue on SQL, shared by SQLite and Postgres: each backend passes its dialect and how
// it runs a statement. Items are inserted by the record stores, with their records (review-sql.ts).

import { systemClock, type Clock } from './clock.js';
import { nextCursor } from './record-sql.js';
import type { RecordSqlDialect, SqlStatement } from './record-sql.js';
import { checkDecision, normalizeReviewFilter } from './review-input.js';
import {
  decideStatement,
  fromReviewRow,
  pendingCountSql,
  reviewByIdStatement,
  reviewPageStatement,
  type ReviewRow,
} from './review-sql.js';
import type {
  DecisionOutcome,
  Review,
  ReviewDecision,
  ReviewFilter,
  ReviewPage,
  ReviewStore,
} from './review-store.js';

export interface SqlReviewExecutor {
  /** Runs a query and returns its rows. */
  read(statement: SqlStatement): Promise<Array<Record<string, unknown>>>;
  /** Runs a statement that changes rows and returns how many it changed. */
  write(statement: SqlStatement): Promise<number>;
}

export class SqlReviewStore implements ReviewStore {
  private readonly dialect: RecordSqlDialect;
  private readonly executor: SqlReviewExecutor;
  private readonly clock: Clock;

  constructor(dialect: RecordSqlDialect, executor: SqlReviewExecutor, clock: Clock = systemClock) {
    this.dialect = dialect;
    this.executor = executor;
    this.clock = clock;
  }

  async list(filter: ReviewFilter): Promise<ReviewPage> {
    const normalized = normalizeReviewFilter(filter);
    const rows = await this.executor.read(reviewPageStatement(normalized, this.dialect));
    const all = rows.map((row) => fromReviewRow(row as ReviewRow, this.dialect));
    const reviews = all.slice(0, normalized.limit);
    const cursor = nextCursor(all, normalized.limit);
    return cursor === undefined ? { reviews } : { reviews, nextCursor: cursor };
  }

  async get(id: string, organizationId: string): Promise<Review | undefined> {
    if (typeof id !== 'string' || typeof organizationId !== 'string') return undefined;
    const rows = await this.executor.read(reviewByIdStatement(id, organizationId, this.dialect));
    const row = rows[0];
    return row === undefined ? undefined : fromReviewRow(row as ReviewRow, this.dialect);
  }

  async decide(decision: ReviewDecision): Promise<DecisionOutcome> {
    const checked = checkDecision(decision);
    const changed = await this.executor.write(decideStatement(checked, this.clock().getTime(), this.dialect));
    const review = await this.get(checked.id, checked.organizationId);
    // Purged between the two statements: as good as never there.
    if (review === undefined) return { outcome: 'not-found' };
    return { outcome: changed > 0 ? 'decided' : 'already-decided', review };
  }

  async pendingCount(): Promise<number> {
    const rows = await this.executor.read({ sql: pendingCountSql, params: [] });
    return Number(rows[0]?.pending ?? 0);
  }
}
