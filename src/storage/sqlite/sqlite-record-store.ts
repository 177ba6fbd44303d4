// RecordStore on an SQLite file of its own (`<dataDir>/records.db`, apart from the keys database so
// the log's write lock and growth never touch key checks). Every statement runs in a worker thread
// (sqlite-worker.ts); SQL building and row mapping stay here, shared with Postgres (record-sql.ts).
// A flagged record's review item (review-store.ts) is inserted in the record's transaction.

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
import { isSearchable, searchableText, searchRowid } from '../record-search.js';
import { SqlParameters, primaryKeyIndex, purgeConditions, type RecordSqlDialect } from '../record-sql.js';
import { SqlRecordReader } from '../record-sql-reader.js';
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
import { SqliteWorkerClient } from './sqlite-worker-client.js';
import type { SqliteStep } from './sqlite-worker-protocol.js';

export interface SqliteRecordStoreOptions {
  clock?: Clock;
  newId?: IdGenerator;
  /** How long a write waits for another connection's lock before failing with SQLITE_BUSY (ms). */
  busyTimeoutMs?: number;
  /** Records deleted per purge transaction, so a large purge never holds the write lock for long. */
  purgeChunkSize?: number;
  /**
   * A text search matching at most this many bodies (all organisations) reads the matching
   * records by id; more, and it scans the organisation newest first against the set of matches.
   * The default is where the two cost the same on 1M records (bench/records-query.ts).
   */
  searchFirstBelow?: number;
  /**
   * Past this many matching bodies, the scan tests records against the matches' index rowids
   * rather than their ids: reading each match's id costs more than the page once a word is in
   * more than about 1% of the bodies (on 1M records: 11 ms instead of 53 for a word in 49,000
   * bodies; the two cost the same at about 11,000). Default 12,000.
   */
  rowidSetAbove?: number;
}

export const sqliteRecordDialect: RecordSqlDialect = {
  placeholder: () => '?',
  toTime: (milliseconds) => milliseconds,
  fromTime: (value) => Number(value),
  toFlag: (value) => (value ? 1 : 0),
  fromFlag: (value) => value === 1,
  fromJson: (value) => JSON.parse(value as string) as unknown,
  inList: (column, placeholder) => `${column} IN (SELECT value FROM json_each(${placeholder}))`,
  toList: (values) => JSON.stringify(values),
  // The search table holds searchable bodies only (insert() decides), so no policy check here.
  textMatch: (placeholder) =>
    `id IN (SELECT request_id FROM request_bodies_search WHERE request_bodies_search MATCH ${placeholder})`,
  // Rowids come straight from the word lists (request_id is a lookup per match); search_rowid()
  // is registered by the worker (record-functions.ts).
  textMatchByRowid: (placeholder) =>
    `search_rowid(id) IN (SELECT rowid FROM request_bodies_search WHERE request_bodies_search MATCH ${placeholder})`,
  // Each word quoted: an FTS5 string, never operators; words are letters and digits only.
  toSearch: ({ words }) => words.map((word) => `"${word}"`).join(' '),
  jsonText: (column, field) => `json_extract(${column}, '$.${field}')`,
  jsonArraySum: (column, field, item) =>
    `(SELECT sum(json_extract(value, '$.${item}')) FROM json_each(${column}, '$.${field}'))`,
  // SQLite names the index of a text primary key itself.
  indexHint: (index) =>
    ` INDEXED BY ${index === primaryKeyIndex ? 'sqlite_autoindex_request_records_1' : index}`,
};

function insertSql(table: string, columns: readonly string[], suffix = ''): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})${suffix}`;
}

const insertRecord = insertSql('request_records', recordColumns, ' ON CONFLICT (id) DO NOTHING');
const insertAttempt = insertSql('request_attempts', attemptColumns);
const insertBody = insertSql('request_bodies', bodyColumns);
const insertReview = insertSql('reviews', reviewColumns);
const insertHold = insertSql('held_answers', holdColumns);
// OR REPLACE: two ids whose hashes collide (2^-64) lose a search entry rather than fail a batch.
const insertSearch =
  'INSERT OR REPLACE INTO request_bodies_search (rowid, request_id, prompt, response) VALUES (?, ?, ?, ?)';
const deleteSearch =
  'DELETE FROM request_bodies_search WHERE rowid IN (SELECT CAST(value AS INTEGER) FROM json_each(?))';
const countMatches =
  'SELECT count(*) AS matches FROM (SELECT 1 FROM request_bodies_search WHERE request_bodies_search MATCH ? LIMIT ?)';
// Attempts, bodies and review items go with their record (ON DELETE CASCADE; the worker turns
// foreign keys on).
const deleteRecords = 'DELETE FROM request_records WHERE id IN (SELECT value FROM json_each(?))';

/**
 * The steps that store one record; its children (and its review item, queued at `now`) run only
 * when the record row was new.
 */
function insertSteps(record: RequestRecord, now: number, steps: SqliteStep[]): void {
  const recordStep = steps.length;
  steps.push({ sql: insertRecord, params: recordValues(record, sqliteRecordDialect) });
  for (const attempt of record.attempts) {
    const params = attemptValues(record.id, attempt, sqliteRecordDialect);
    steps.push({ sql: insertAttempt, params, onlyIfChanged: recordStep });
  }
  const body = bodyValues(record);
  if (body !== undefined) steps.push({ sql: insertBody, params: body, onlyIfChanged: recordStep });
  if (isSearchable(record) && (record.prompt !== null || record.response !== null)) {
    const params = [
      searchRowid(record.id),
      record.id,
      searchableText(record.prompt),
      searchableText(record.response),
    ];
    steps.push({ sql: insertSearch, params, onlyIfChanged: recordStep });
  }
  const review = reviewOf(record, now);
  if (review !== undefined) {
    const params = reviewValues(review, sqliteRecordDialect);
    steps.push({ sql: insertReview, params, onlyIfChanged: recordStep });
    if (record.hold !== undefined) {
      const hold = holdValues(
        record.id,
        record.organizationId,
        storedHoldOf(record.hold, now),
        sqliteRecordDialect,
      );
      steps.push({ sql: insertHold, params: hold, onlyIfChanged: recordStep });
    }
  }
}

export class SqliteRecordStore implements RecordStore {
  private readonly client: SqliteWorkerClient;
  private readonly reader: SqlRecordReader;
  private readonly clock: Clock;
  private readonly newId: IdGenerator;
  private readonly purgeChunkSize: number;
  /** The review queue of this file's records. */
  readonly reviews: SqlReviewStore;

  constructor(client: SqliteWorkerClient, options: SqliteRecordStoreOptions = {}) {
    this.client = client;
    const searchFirstBelow = options.searchFirstBelow ?? 1500;
    const rowidSetAbove = Math.max(searchFirstBelow, options.rowidSetAbove ?? 12_000);
    this.reader = new SqlRecordReader(
      sqliteRecordDialect,
      ({ sql, params }) => client.all(sql, params),
      async (filter) => {
        // Counting stops past the limit, so a common word costs no more than a rare one here.
        const rows = await client.all<{ matches: number }>(countMatches, [
          sqliteRecordDialect.toSearch(filter.search!),
          rowidSetAbove + 1,
        ]);
        const matches = rows[0]?.matches ?? 0;
        return matches <= searchFirstBelow
          ? 'matches-first'
          : matches <= rowidSetAbove
            ? 'scan'
            : 'scan-by-rowid';
      },
    );
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? randomId;
    this.purgeChunkSize = options.purgeChunkSize ?? 2000;
    this.reviews = new SqlReviewStore(
      sqliteRecordDialect,
      {
        read: ({ sql, params }) => client.all(sql, params),
        write: ({ sql, params }) => client.run(sql, params),
      },
      this.clock,
    );
  }

  async insert(records: readonly RequestRecord[]): Promise<void> {
    const batch = prepareRecordBatch(records);
    if (batch.length === 0) return;
    const steps: SqliteStep[] = [];
    const now = this.clock().getTime();
    for (const record of batch) insertSteps(record, now, steps);
    await this.client.transaction(steps);
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

  /**
   * Deletes in chunks, each its own transaction, so inserts interleave with a long purge; the log
   * entry is written at the end with the total.
   */
  async purge(rule: PurgeRule): Promise<number> {
    const normalized = normalizePurgeRule(rule);
    const parameters = new SqlParameters(sqliteRecordDialect);
    const where = purgeConditions(normalized, parameters, sqliteRecordDialect);
    const select = `SELECT id, body_policy FROM request_records WHERE ${where} LIMIT ${this.purgeChunkSize}`;
    let deleted = 0;
    for (;;) {
      const rows = await this.client.all<{ id: string; body_policy: RequestRecord['bodyPolicy'] }>(
        select,
        parameters.values,
      );
      if (rows.length === 0) break;
      const rowids = rows
        .filter((row) => isSearchable({ bodyPolicy: row.body_policy }))
        .map((row) => searchRowid(row.id).toString());
      const changes = await this.client.transaction([
        { sql: deleteSearch, params: [JSON.stringify(rowids)] },
        { sql: deleteRecords, params: [JSON.stringify(rows.map((row) => row.id))] },
      ]);
      deleted += changes[1] ?? 0;
      if (rows.length < this.purgeChunkSize) break;
    }
    await this.client.run(insertSql('record_purges', ['id', 'at', 'rule', 'deleted']), [
      this.newId(),
      this.clock().getTime(),
      JSON.stringify(normalized),
      deleted,
    ]);
    return deleted;
  }

  purges(limit?: number): Promise<PurgeEntry[]> {
    return this.reader.purges(limit);
  }

  /**
   * Operations and tests: caps the file at this many pages, as a full disk would (inserts then fail
   * with SQLITE_FULL); a cap below the current size holds it at the current size. Returns the cap
   * in force. Lasts until the store is reopened; pass a large number (2 ** 32 - 2) to lift it.
   */
  async setMaxPageCount(pages: number): Promise<number> {
    if (!Number.isSafeInteger(pages) || pages < 0)
      throw new RangeError('pages must be a non-negative integer');
    // SQLite reads 0 as "just tell me"; 1 is below any real file, so it means "as it is now".
    const rows = await this.client.all<{ max_page_count: number }>(
      `PRAGMA max_page_count = ${Math.max(1, pages)}`,
    );
    return rows[0]?.max_page_count ?? pages;
  }

  /** Stops the worker thread after closing the database. */
  close(): Promise<void> {
    return this.client.close();
  }
}

/** Opens (creating and migrating as needed) the record database at `path` in a worker thread. */
export async function openSqliteRecordStore(
  path: string,
  options: SqliteRecordStoreOptions = {},
): Promise<SqliteRecordStore> {
  const client = await SqliteWorkerClient.open({ path, busyTimeoutMs: options.busyTimeoutMs });
  try {
    // A checkpoint (an fsync in the worker, stalling inserts) every 40 MB of WAL instead of every
    // 4 MB; the WAL file is cut back to 64 MB. A 4 MB page cache (the default is 2 MB): 64 MB gave
    // inserts into a 1M-row file about a third more speed (bench/records-query.ts) but cost the
    // gateway's memory budget 60 MB (the benchmark's RSS target is 200 MB).
    await client.all('PRAGMA cache_size = -4096');
    await client.all('PRAGMA wal_autocheckpoint = 10000');
    await client.all('PRAGMA journal_size_limit = 67108864');
  } catch (error) {
    await client.close();
    throw error;
  }
  return new SqliteRecordStore(client, options);
}
