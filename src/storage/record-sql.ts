// The request log's queries written once for SQLite and Postgres: a filtered page, attempts and
// bodies of a page, usage grouped, the rows a purge rule covers. The dialects differ only in what
// RecordSqlDialect says. Builds SQL text and parameters; runs nothing.

import { encodeRecordCursor, type NormalizedRecordFilter } from './record-filter.js';
import { attemptColumns, bodyColumns, recordColumns, type RecordCodec } from './record-columns.js';
import type { PurgeRule, UsageGrouping, UsageQuery } from './record-store.js';

export interface RecordSqlDialect extends RecordCodec {
  /** The placeholder of the n-th parameter (from 1). */
  placeholder(position: number): string;
  /** SQL true when `column` is one of the values of the list parameter `placeholder`. */
  inList(column: string, placeholder: string): string;
  /** A list of strings as the parameter inList expects. */
  toList(values: readonly string[]): unknown;
  /** SQL true when the record's searchable bodies hold every word of the search parameter. */
  textMatch(placeholder: string): string;
  /**
   * Optional: the same test against the set of the matches' index rowids rather than their
   * request ids, which is far cheaper to build when a word is in a large share of the bodies
   * (the 'scan-by-rowid' plan).
   */
  textMatchByRowid?(placeholder: string): string;
  /** The search as textMatch's parameter. */
  toSearch(search: { text: string; words: string[] }): unknown;
  /** The text of the top-level `field` of the JSON in `column` (a constant name, never input). */
  jsonText(column: string, field: string): string;
  /**
   * The sum of `item` over the objects of the top-level array `field` of the JSON in `column`
   * (constant names, never input); NULL when the array is absent or empty.
   */
  jsonArraySum(column: string, field: string, item: string): string;
  /** What follows the table name to make the planner read it through this index ('' to let it choose). */
  indexHint(index: string): string;
}

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** Collects parameters in order and hands back their placeholders. */
export class SqlParameters {
  readonly values: unknown[] = [];
  private readonly dialect: RecordSqlDialect;

  constructor(dialect: RecordSqlDialect) {
    this.dialect = dialect;
  }

  add(value: unknown): string {
    this.values.push(value);
    return this.dialect.placeholder(this.values.length);
  }
}

const equalityColumns = {
  keyId: 'key_id',
  teamId: 'team_id',
  model: 'model',
  route: 'route',
  sessionId: 'session_id',
  traceId: 'trace_id',
} as const;

export const usageGroupColumns: Record<UsageGrouping, string> = {
  key: 'key_id',
  team: 'team_id',
  model: 'model',
  route: 'route',
  provider: 'provider',
};

/** The status index holds only answers from this status up (migration 2): errors are the rare rows. */
const errorStatus = 400;

const selectRecord = `SELECT ${recordColumns.join(', ')} FROM request_records`;

/**
 * How a page with a text search finds its records: from the matches (few: read them by id and
 * sort), or scanning in time order against the set of the matches' ids ('scan'), or of their
 * index rowids ('scan-by-rowid': a word in many bodies, where the id set costs more than the page).
 */
export type SearchPlan = 'matches-first' | 'scan' | 'scan-by-rowid';

function filterConditions(
  filter: NormalizedRecordFilter,
  parameters: SqlParameters,
  dialect: RecordSqlDialect,
  byRowid = false,
) {
  const conditions = [`organization_id = ${parameters.add(filter.organizationId)}`];
  if (filter.from !== undefined)
    conditions.push(`received_at >= ${parameters.add(dialect.toTime(filter.from))}`);
  if (filter.to !== undefined) conditions.push(`received_at < ${parameters.add(dialect.toTime(filter.to))}`);
  for (const [field, column] of Object.entries(equalityColumns)) {
    const value = filter[field as keyof typeof equalityColumns];
    if (value !== undefined) conditions.push(`${column} = ${parameters.add(value)}`);
  }
  const { status } = filter;
  // An exact status stays an equality so the (organization, status, time) index keeps time order.
  if (status !== undefined && status.min === status.max)
    conditions.push(`status = ${parameters.add(status.min)}`);
  else if (status !== undefined)
    conditions.push(`status BETWEEN ${parameters.add(status.min)} AND ${parameters.add(status.max)}`);
  // The status index is partial (errors only); neither planner proves that a bound given as a
  // parameter implies its predicate, so the predicate is repeated word for word.
  if (status !== undefined && status.min >= errorStatus) conditions.push(`status >= ${errorStatus}`);
  if (filter.outcome !== undefined) conditions.push(`outcome = ${parameters.add(filter.outcome)}`);
  if (filter.cache !== undefined) conditions.push(`cache = ${parameters.add(filter.cache)}`);
  if (filter.semantic !== undefined)
    conditions.push(`${dialect.jsonText('semantic', 'outcome')} = ${parameters.add(filter.semantic)}`);
  // A NULL cost fails both comparisons, so unknown costs never match a bound.
  if (filter.minCostUsd !== undefined) conditions.push(`cost_usd >= ${parameters.add(filter.minCostUsd)}`);
  if (filter.maxCostUsd !== undefined) conditions.push(`cost_usd <= ${parameters.add(filter.maxCostUsd)}`);
  if (filter.search !== undefined) {
    const placeholder = parameters.add(dialect.toSearch(filter.search));
    conditions.push(
      byRowid && dialect.textMatchByRowid !== undefined
        ? dialect.textMatchByRowid(placeholder)
        : dialect.textMatch(placeholder),
    );
  }
  return conditions;
}

/** Equality filters whose index ends in the page order (received_at, id), most selective first. */
const orderedIndexes = [
  ['traceId', 'request_records_trace_idx'],
  ['sessionId', 'request_records_session_idx'],
  ['keyId', 'request_records_key_idx'],
  ['teamId', 'request_records_team_idx'],
  ['route', 'request_records_route_idx'],
  ['model', 'request_records_model_idx'],
] as const;

/** The plan's name for reading rows by id (each dialect names its primary-key index its own way). */
export const primaryKeyIndex = 'primary key';

export interface PagePlan {
  index: string;
  /** The index gives no time order: its matching ids are sorted first, then only a page of rows is read. */
  sorted: boolean;
}

/**
 * Which index reads a page. SQLite keeps no statistics unless ANALYZE runs, and without them its
 * planner often scans the whole organisation in time order rather than seek a rare key or trace
 * (bench/records-query.ts: 95 ms against 0.5 ms on 1M rows), so the SQLite dialect names the index.
 */
export function pagePlan(filter: NormalizedRecordFilter, searchFirst = false): PagePlan {
  // Few bodies match: read just those records by id and sort them, rather than scan for them.
  if (searchFirst && filter.search !== undefined) return { index: primaryKeyIndex, sorted: true };
  for (const [field, index] of orderedIndexes) {
    if (filter[field] !== undefined) return { index, sorted: false };
  }
  const { status } = filter;
  if (status !== undefined && status.min === status.max && status.min >= errorStatus)
    return { index: 'request_records_status_idx', sorted: false };
  // 4xx and 5xx are the exceptions in real traffic: reading the whole class from its index and
  // sorting it beats scanning the organisation for rare rows. 2xx is most rows: scan in order.
  if (status !== undefined && status.min >= 400) return { index: 'request_records_status_idx', sorted: true };
  return { index: 'request_records_organization_idx', sorted: false };
}

/**
 * One page plus one row, newest first; the extra row tells whether a next page exists.
 * `search`: how a text search is run (SearchPlan; the caller counts the matches to choose).
 */
export function recordPageStatement(
  filter: NormalizedRecordFilter,
  dialect: RecordSqlDialect,
  search: SearchPlan = 'scan',
): SqlStatement {
  const parameters = new SqlParameters(dialect);
  const conditions = filterConditions(filter, parameters, dialect, search === 'scan-by-rowid');
  if (filter.after !== undefined) {
    const time = dialect.toTime(filter.after.receivedAt);
    // The first bound lets the planner range-scan the time index; the second breaks ties by id.
    conditions.push(`received_at <= ${parameters.add(time)}`);
    conditions.push(`(received_at < ${parameters.add(time)} OR id < ${parameters.add(filter.after.id)})`);
  }
  const limit = parameters.add(filter.limit + 1);
  const plan = pagePlan(filter, search === 'matches-first');
  const source = `request_records${dialect.indexHint(plan.index)}`;
  const where = conditions.join(' AND ');
  const order = 'ORDER BY received_at DESC, id DESC';
  const sql = plan.sorted
    ? `${selectRecord} WHERE id IN (SELECT id FROM ${source} WHERE ${where} ${order} LIMIT ${limit}) ${order}`
    : `SELECT ${recordColumns.join(', ')} FROM ${source} WHERE ${where} ${order} LIMIT ${limit}`;
  return { sql, params: parameters.values };
}

/** The cursor of a page whose last record is `last`, when more rows followed it. */
export function nextCursor(
  rows: readonly { receivedAt: number; id: string }[],
  limit: number,
): string | undefined {
  const last = rows[limit - 1];
  return rows.length > limit && last !== undefined ? encodeRecordCursor(last) : undefined;
}

export function recordByIdStatement(
  id: string,
  organizationId: string,
  dialect: RecordSqlDialect,
): SqlStatement {
  const parameters = new SqlParameters(dialect);
  const sql = `${selectRecord} WHERE id = ${parameters.add(id)} AND organization_id = ${parameters.add(organizationId)}`;
  return { sql, params: parameters.values };
}

export function attemptsStatement(requestIds: readonly string[], dialect: RecordSqlDialect): SqlStatement {
  const parameters = new SqlParameters(dialect);
  const where = dialect.inList('request_id', parameters.add(dialect.toList(requestIds)));
  return {
    sql: `SELECT ${attemptColumns.join(', ')} FROM request_attempts WHERE ${where} ORDER BY request_id, number`,
    params: parameters.values,
  };
}

export function bodiesStatement(requestIds: readonly string[], dialect: RecordSqlDialect): SqlStatement {
  const parameters = new SqlParameters(dialect);
  const where = dialect.inList('request_id', parameters.add(dialect.toList(requestIds)));
  return {
    sql: `SELECT ${bodyColumns.join(', ')} FROM request_bodies WHERE ${where}`,
    params: parameters.values,
  };
}

/** Sums per group; the rows come back unordered (compareUsageRows orders them the same everywhere). */
export function usageStatement(query: UsageQuery, dialect: RecordSqlDialect): SqlStatement {
  const parameters = new SqlParameters(dialect);
  const conditions = [`organization_id = ${parameters.add(query.organizationId)}`];
  if (query.from !== undefined)
    conditions.push(`received_at >= ${parameters.add(dialect.toTime(query.from))}`);
  if (query.to !== undefined) conditions.push(`received_at < ${parameters.add(dialect.toTime(query.to))}`);
  const column = usageGroupColumns[query.groupBy];
  const knownCost = `CAST(${dialect.jsonText('cost', 'knownUsd')} AS DOUBLE PRECISION)`;
  // Counts with no column of their own are read from the usage and cost JSON; records written
  // before they existed have none there, and count 0.
  const usageSum = (field: string) =>
    `coalesce(sum(CAST(${dialect.jsonText('usage', field)} AS DOUBLE PRECISION)), 0)`;
  const sql =
    `SELECT ${column} AS group_value, count(*) AS requests, ` +
    "sum(CASE WHEN outcome = 'error' THEN 1 ELSE 0 END) AS errors, " +
    'sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, ' +
    'sum(cache_read_tokens) AS cache_read_tokens, sum(cache_write_tokens) AS cache_write_tokens, ' +
    `${usageSum('audioInputTokens')} AS audio_input_tokens, ` +
    `${usageSum('audioOutputTokens')} AS audio_output_tokens, ` +
    `${usageSum('webSearchRequests')} AS web_search_requests, ` +
    `coalesce(sum(${dialect.jsonArraySum('cost', 'fees', 'usd')}), 0) AS fee_usd, ` +
    // A request with an unpriced part counts for its priced part (cost.knownUsd), as /metrics does.
    `sum(reasoning_tokens) AS reasoning_tokens, coalesce(sum(coalesce(cost_usd, ${knownCost})), 0) AS cost_usd, ` +
    'sum(CASE WHEN cost_usd IS NULL THEN 1 ELSE 0 END) AS unpriced_requests, ' +
    "sum(CASE WHEN usage_source = 'estimated' THEN 1 ELSE 0 END) AS estimated_requests " +
    `FROM request_records WHERE ${conditions.join(' AND ')} GROUP BY ${column}`;
  return { sql, params: parameters.values };
}

/** The conditions of a purge rule over request_records, across every organisation. */
export function purgeConditions(
  rule: PurgeRule,
  parameters: SqlParameters,
  dialect: RecordSqlDialect,
): string {
  const conditions = [`received_at < ${parameters.add(dialect.toTime(rule.before))}`];
  if (rule.route !== undefined) conditions.push(`route = ${parameters.add(rule.route)}`);
  if (rule.teamId !== undefined) conditions.push(`team_id = ${parameters.add(rule.teamId)}`);
  // A record without a route (or team) is never one of the excepted ones, so it stays covered.
  if (rule.exceptRoutes !== undefined) {
    const list = dialect.inList('route', parameters.add(dialect.toList(rule.exceptRoutes)));
    conditions.push(`(route IS NULL OR NOT ${list})`);
  }
  if (rule.exceptTeams !== undefined) {
    const list = dialect.inList('team_id', parameters.add(dialect.toList(rule.exceptTeams)));
    conditions.push(`(team_id IS NULL OR NOT ${list})`);
  }
  return conditions.join(' AND ');
}

export function purgeListStatement(limit: number, dialect: RecordSqlDialect): SqlStatement {
  const parameters = new SqlParameters(dialect);
  return {
    sql: `SELECT id, at, rule, deleted FROM record_purges ORDER BY at DESC, id DESC LIMIT ${parameters.add(limit)}`,
    params: parameters.values,
  };
}
