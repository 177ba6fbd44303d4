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
import {
  decidedHold,
  holdAt,
  reviewHoldOf,
  type DeliveryStep,
  type StaleDelivery,
  type StoredHold,
} from './held-answer.js';
import {
  expireHoldsStatement,
  fromHoldRow,
  fromStaleRow,
  staleDeliveriesStatement,
  holdsStatement,
  noteDeliveryStatement,
  replaceHoldStatement,
} from './hold-sql.js';
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
    const reviews = await this.withHolds(all.slice(0, normalized.limit), normalized.organizationId);
    const cursor = nextCursor(all, normalized.limit);
    return cursor === undefined ? { reviews } : { reviews, nextCursor: cursor };
  }

  async get(id: string, organizationId: string): Promise<Review | undefined> {
    if (typeof id !== 'string' || typeof organizationId !== 'string') return undefined;
    const rows = await this.executor.read(reviewByIdStatement(id, organizationId, this.dialect));
    const row = rows[0];
    if (row === undefined) return undefined;
    const [review] = await this.withHolds([fromReviewRow(row as ReviewRow, this.dialect)], organizationId);
    return review;
  }

  /** The items with their holds as of now (one query for a page). */
  private async withHolds(reviews: Review[], organizationId: string): Promise<Review[]> {
    if (reviews.length === 0) return reviews;
    const ids = reviews.map((review) => review.id);
    const rows = await this.executor.read(holdsStatement(ids, organizationId, this.dialect));
    const now = this.clock().getTime();
    const holds = new Map(
      rows.map((row) => [row.request_id as string, holdAt(fromHoldRow(row, this.dialect), now)]),
    );
    return reviews.map((review) => {
      const hold = holds.get(review.id);
      return { ...review, hold: hold === undefined ? null : reviewHoldOf(hold) };
    });
  }

  async decide(decision: ReviewDecision): Promise<DecisionOutcome> {
    const checked = checkDecision(decision);
    const now = this.clock().getTime();
    const changed = await this.executor.write(decideStatement(checked, now, this.dialect));
    // Only the decision that won changes the hold: a rejected answer is forgotten at once.
    const hold = changed > 0 ? await this.storedHold(checked.id, checked.organizationId) : undefined;
    if (hold !== undefined) {
      const decided = decidedHold(hold, checked.status, now);
      if (decided !== hold)
        await this.executor.write(replaceHoldStatement(checked.id, decided, this.dialect));
    }
    const review = await this.get(checked.id, checked.organizationId);
    // Purged between the two statements: as good as never there.
    if (review === undefined) return { outcome: 'not-found' };
    return { outcome: changed > 0 ? 'decided' : 'already-decided', review };
  }

  async pendingCount(): Promise<number> {
    const rows = await this.executor.read({ sql: pendingCountSql, params: [] });
    return Number(rows[0]?.pending ?? 0);
  }

  private async storedHold(id: string, organizationId: string): Promise<StoredHold | undefined> {
    if (typeof id !== 'string' || typeof organizationId !== 'string') return undefined;
    const rows = await this.executor.read(holdsStatement([id], organizationId, this.dialect));
    const row = rows[0];
    return row === undefined ? undefined : fromHoldRow(row, this.dialect);
  }

  async hold(id: string, organizationId: string): Promise<StoredHold | undefined> {
    const hold = await this.storedHold(id, organizationId);
    return hold === undefined ? undefined : holdAt(hold, this.clock().getTime());
  }

  async noteDelivery(step: DeliveryStep): Promise<boolean> {
    const statement = noteDeliveryStatement(step, this.clock().getTime(), this.dialect);
    return (await this.executor.write(statement)) > 0;
  }

  async expireHolds(): Promise<number> {
    return this.executor.write(expireHoldsStatement(this.clock().getTime(), this.dialect));
  }

  async staleDeliveries(updatedBefore: number, limit: number): Promise<StaleDelivery[]> {
    const statement = staleDeliveriesStatement(updatedBefore, this.clock().getTime(), limit, this.dialect);
    return (await this.executor.read(statement)).map((row) => fromStaleRow(row, this.dialect));
  }
}
