// The read side of the SQL record stores, shared by SQLite and Postgres: pages with their attempts
// and bodies, one record, usage, the purge log. Each backend passes how it runs a statement.

import { normalizeRecordFilter, type NormalizedRecordFilter } from './record-filter.js';
import { normalizeUsageQuery, compareUsageRows, purgeListSize } from './record-input.js';
import {
  attemptsByRequest,
  fromRecordRow,
  type AttemptRow,
  type BodyRow,
  type RecordRow,
} from './record-columns.js';
import {
  attemptsStatement,
  bodiesStatement,
  nextCursor,
  purgeListStatement,
  recordByIdStatement,
  recordPageStatement,
  type SearchPlan,
  usageStatement,
  type RecordSqlDialect,
  type SqlStatement,
} from './record-sql.js';
import type {
  PurgeEntry,
  PurgeRule,
  RecordFilter,
  RecordPage,
  UsageQuery,
  UsageRow,
} from './record-store.js';
import type { RequestRecord } from '../telemetry/request-record.js';

/** Runs a statement and returns its rows. */
export type SqlReader = (statement: SqlStatement) => Promise<Array<Record<string, unknown>>>;

/** Chooses how a text search runs (SearchPlan), typically by counting its matches. */
export type SearchPlanner = (filter: NormalizedRecordFilter) => Promise<SearchPlan>;

export class SqlRecordReader {
  private readonly dialect: RecordSqlDialect;
  private readonly read: SqlReader;

  private readonly planSearch: SearchPlanner | undefined;

  constructor(dialect: RecordSqlDialect, read: SqlReader, planSearch?: SearchPlanner) {
    this.dialect = dialect;
    this.read = read;
    this.planSearch = planSearch;
  }

  async query(filter: RecordFilter): Promise<RecordPage> {
    const normalized = normalizeRecordFilter(filter);
    const plan = normalized.search === undefined ? undefined : await this.planSearch?.(normalized);
    const rows = (await this.read(recordPageStatement(normalized, this.dialect, plan))) as RecordRow[];
    const records = await this.complete(rows.slice(0, normalized.limit));
    const cursor = nextCursor(
      rows.map((row) => ({ receivedAt: this.dialect.fromTime(row.received_at), id: row.id as string })),
      normalized.limit,
    );
    return cursor === undefined ? { records } : { records, nextCursor: cursor };
  }

  async get(id: string, organizationId: string): Promise<RequestRecord | undefined> {
    if (typeof id !== 'string' || typeof organizationId !== 'string') return undefined;
    const rows = (await this.read(recordByIdStatement(id, organizationId, this.dialect))) as RecordRow[];
    return (await this.complete(rows))[0];
  }

  async usage(query: UsageQuery): Promise<UsageRow[]> {
    const rows = await this.read(usageStatement(normalizeUsageQuery(query), this.dialect));
    return rows
      .map((row): UsageRow => ({
        group: row.group_value === null ? null : (row.group_value as string),
        requests: Number(row.requests),
        errors: Number(row.errors),
        inputTokens: Number(row.input_tokens),
        outputTokens: Number(row.output_tokens),
        cacheReadTokens: Number(row.cache_read_tokens),
        cacheWriteTokens: Number(row.cache_write_tokens),
        reasoningTokens: Number(row.reasoning_tokens),
        audioInputTokens: Number(row.audio_input_tokens),
        audioOutputTokens: Number(row.audio_output_tokens),
        webSearchRequests: Number(row.web_search_requests),
        feeUsd: Number(row.fee_usd),
        costUsd: Number(row.cost_usd),
        unpricedRequests: Number(row.unpriced_requests),
        estimatedRequests: Number(row.estimated_requests),
      }))
      .sort(compareUsageRows);
  }

  async purges(limit?: number): Promise<PurgeEntry[]> {
    const rows = await this.read(purgeListStatement(purgeListSize(limit), this.dialect));
    return rows.map((row) => ({
      id: String(row.id),
      at: this.dialect.fromTime(row.at),
      rule: this.dialect.fromJson(row.rule) as PurgeRule,
      deleted: Number(row.deleted),
    }));
  }

  /** The records of these rows, in the same order, with their attempts and bodies (two more reads). */
  private async complete(rows: readonly RecordRow[]): Promise<RequestRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id as string);
    const [attemptRows, bodyRows] = await Promise.all([
      this.read(attemptsStatement(ids, this.dialect)),
      this.read(bodiesStatement(ids, this.dialect)),
    ]);
    const attempts = attemptsByRequest(attemptRows as AttemptRow[], this.dialect);
    const bodies = new Map((bodyRows as BodyRow[]).map((row) => [row.request_id as string, row]));
    return rows.map((row) =>
      fromRecordRow(row, attempts.get(row.id as string) ?? [], bodies.get(row.id as string), this.dialect),
    );
  }
}
