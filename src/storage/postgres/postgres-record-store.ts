// RecordStore on the cluster's Postgres pool (openPostgresPool migrates it). A batch is one
// transaction of multi-row inserts, records first (ON CONFLICT DO NOTHING ... RETURNING), then the
// attempts, bodies and review items (review-store.ts) of the records that were new. Queries are
// shared with SQLite (record-sql.ts, review-sql.ts).

import type { Pool, PoolClient } from 'pg';
import { systemClock, type Clock } from '../clock.js';
import { randomId, type IdGenerator } from '../id-generator.js';
import {
  attemptColumns,
  attemptValues,
  bodyColumns,
  bodyValues,
  recordColumns,
  recordValues,
} from '../record-columns.js';
import { normalizePurgeRule, prepareRecordBatch } from '../record-input.js';
import { SqlParameters, purgeConditions, type RecordSqlDialect } from '../record-sql.js';
import { SqlRecordReader } from '../record-sql-reader.js';
import { searchableCharacters } from '../record-search.js';
import { reviewOf } from '../review-input.js';
import { storedHoldOf } from '../held-answer.js';
import { holdColumns, holdValues } from '../hold-sql.js';
import { reviewColumns, reviewValues } from '../review-sql.js';
import { SqlReviewStore } from '../review-sql-store.js';
import type {
  PurgeEntry,
  PurgeRule,
  RecordFilter,
  RecordPage,
  RecordStore,
  UsageQuery,
  UsageRow,
} from '../record-store.js';
import type { RequestRecord } from '../../telemetry/request-record.js';

export interface PostgresRecordStoreOptions {
  clock?: Clock;
  newId?: IdGenerator;
}

/** Must be the expression of request_bodies_search_idx (postgres/migrations.ts) for the index to serve. */
export const postgresSearchVector =
  `to_tsvector('simple'::regconfig, left(coalesce(prompt, ''), ${searchableCharacters}) || ' ' || ` +
  `left(coalesce(response, ''), ${searchableCharacters}))`;

export const postgresRecordDialect: RecordSqlDialect = {
  placeholder: (position) => `$${position}`,
  // bigint epoch milliseconds (pg hands bigint back as text).
  toTime: (milliseconds) => milliseconds,
  fromTime: (value) => Number(value),
  toFlag: (value) => value,
  fromFlag: (value) => value === true,
  // pg parses json and jsonb columns itself.
  fromJson: (value) => value,
  inList: (column, placeholder) => `${column} = ANY(${placeholder}::text[])`,
  toList: (values) => [...values],
  textMatch: (placeholder) =>
    `(body_policy IN ('redacted', 'full') AND id IN (SELECT request_id FROM request_bodies ` +
    `WHERE ${postgresSearchVector} @@ plainto_tsquery('simple'::regconfig, ${placeholder})))`,
  // Postgres splits the text with the same parser it indexed the bodies with.
  toSearch: ({ text }) => text,
  jsonText: (column, field) => `(${column} ->> '${field}')`,
  // The JSON columns are json, not jsonb (kept verbatim): json_array_elements, not the jsonb one.
  jsonArraySum: (column, field, item) =>
    `(SELECT sum(CAST(element ->> '${item}' AS DOUBLE PRECISION)) FROM json_array_elements(${column} -> '${field}') AS element)`,
  // Postgres keeps statistics (autovacuum analyses), so its planner chooses well on its own.
  indexHint: () => '',
};

/** Postgres protocol limit is 65535 parameters per statement; stay well under it. */
const maxParameters = 30_000;

/**
 * Postgres text cannot hold U+0000, which any client-supplied string might carry; a record is
 * never refused for it (a refused batch would be retried forever), the character is replaced.
 */
function storable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(storable);
  return typeof value === 'string' && value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value;
}

/** Multi-row INSERT statements for these rows, as few as the parameter limit allows. */
function multiRowInserts(table: string, columns: readonly string[], rows: unknown[][], suffix = '') {
  const perStatement = Math.max(1, Math.floor(maxParameters / columns.length));
  const statements: Array<{ text: string; values: unknown[] }> = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      const placeholders = row.map((value) => {
        values.push(storable(value));
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    statements.push({
      text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}${suffix}`,
      values,
    });
  }
  return statements;
}

async function inTransaction<Result>(
  pool: Pool,
  work: (client: PoolClient) => Promise<Result>,
): Promise<Result> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export class PostgresRecordStore implements RecordStore {
  private readonly pool: Pool;
  private readonly reader: SqlRecordReader;
  private readonly clock: Clock;
  private readonly newId: IdGenerator;
  /** The review queue of this database's records. */
  readonly reviews: SqlReviewStore;

  constructor(pool: Pool, options: PostgresRecordStoreOptions = {}) {
    this.pool = pool;
    this.reader = new SqlRecordReader(postgresRecordDialect, async ({ sql, params }) => {
      const result = await pool.query<Record<string, unknown>>(sql, params.map(storable));
      return result.rows;
    });
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? randomId;
    this.reviews = new SqlReviewStore(
      postgresRecordDialect,
      {
        read: async ({ sql, params }) =>
          (await pool.query<Record<string, unknown>>(sql, params.map(storable))).rows,
        write: async ({ sql, params }) => (await pool.query(sql, params.map(storable))).rowCount ?? 0,
      },
      this.clock,
    );
  }

  async insert(records: readonly RequestRecord[]): Promise<void> {
    const batch = prepareRecordBatch(records);
    if (batch.length === 0) return;
    await inTransaction(this.pool, async (client) => {
      const rows = batch.map((record) => recordValues(record, postgresRecordDialect));
      const inserted = new Set<string>();
      for (const statement of multiRowInserts(
        'request_records',
        recordColumns,
        rows,
        ' ON CONFLICT (id) DO NOTHING RETURNING id',
      )) {
        const result = await client.query<{ id: string }>(statement);
        for (const row of result.rows) inserted.add(row.id);
      }
      // Children only for records that were new: a replayed record keeps what it had.
      const fresh = batch.filter((record) => inserted.has(record.id));
      const attempts = fresh.flatMap((record) =>
        record.attempts.map((attempt) => attemptValues(record.id, attempt, postgresRecordDialect)),
      );
      const bodies = fresh.map(bodyValues).filter((values) => values !== undefined);
      const now = this.clock().getTime();
      const reviews = fresh
        .map((record) => reviewOf(record, now))
        .filter((review) => review !== undefined)
        .map((review) => reviewValues(review, postgresRecordDialect));
      const holds = fresh.flatMap((record) =>
        record.hold === undefined || reviewOf(record, now) === undefined
          ? []
          : [
              holdValues(
                record.id,
                record.organizationId,
                storedHoldOf(record.hold, now),
                postgresRecordDialect,
              ),
            ],
      );
      for (const statement of [
        ...multiRowInserts('request_attempts', attemptColumns, attempts),
        ...multiRowInserts('request_bodies', bodyColumns, bodies),
        ...multiRowInserts('reviews', reviewColumns, reviews),
        ...multiRowInserts('held_answers', holdColumns, holds),
      ]) {
        await client.query(statement);
      }
    });
  }

  query(filter: RecordFilter): Promise<RecordPage> {
    return this.reader.query(filter);
  }

  get(id: string, organizationId: string): Promise<RequestRecord | undefined> {
    return this.reader.get(id, organizationId);
  }

  usage(query: UsageQuery): Promise<UsageRow[]> {
    return this.reader.usage(query);
  }

  /** One statement (attempts, bodies and review items follow by ON DELETE CASCADE) and its log entry, in one transaction. */
  async purge(rule: PurgeRule): Promise<number> {
    const normalized = normalizePurgeRule(rule);
    return inTransaction(this.pool, async (client) => {
      const parameters = new SqlParameters(postgresRecordDialect);
      const where = purgeConditions(normalized, parameters, postgresRecordDialect);
      const result = await client.query(`DELETE FROM request_records WHERE ${where}`, parameters.values);
      const deleted = result.rowCount ?? 0;
      await client.query('INSERT INTO record_purges (id, at, rule, deleted) VALUES ($1, $2, $3, $4)', [
        this.newId(),
        this.clock().getTime(),
        JSON.stringify(normalized),
        deleted,
      ]);
      return deleted;
    });
  }

  purges(limit?: number): Promise<PurgeEntry[]> {
    return this.reader.purges(limit);
  }

  /** The pool is shared with the other Postgres stores; whoever opened it ends it. */
  async close(): Promise<void> {
    return undefined;
  }
}
