// Checks what callers hand the RecordStore besides a filter - insert batches, purge rules, usage
// queries - and fixes the small normalisations every backend applies, so they all store and
// answer alike. No SQL, no I/O.

import type { RequestRecord } from '../telemetry/request-record.js';
import { requireOrganization, toMilliseconds } from './record-filter.js';
import type { PurgeRule, UsageGrouping, UsageQuery, UsageRow } from './record-store.js';
import { StorageError } from './storage-error.js';

const usageGroupings: readonly UsageGrouping[] = ['key', 'team', 'model', 'route', 'provider'];
const maxIdLength = 200;
export const defaultPurgeListSize = 100;

/** A usage row with nothing counted yet: what every backend sums into. */
export function emptyUsageRow(group: string | null): UsageRow {
  return {
    group,
    requests: 0,
    errors: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    audioInputTokens: 0,
    audioOutputTokens: 0,
    webSearchRequests: 0,
    feeUsd: 0,
    costUsd: 0,
    unpricedRequests: 0,
    estimatedRequests: 0,
  };
}

function invalid(message: string): never {
  throw new StorageError('invalid-input', message);
}

function checkRecord(record: RequestRecord): RequestRecord {
  if (typeof record.id !== 'string' || record.id === '' || record.id.length > maxIdLength)
    invalid(`record id must be a non-empty string of at most ${maxIdLength} characters`);
  requireOrganization(record.organizationId);
  const numbers = new Set<number>();
  for (const attempt of record.attempts) {
    if (!Number.isSafeInteger(attempt.number) || attempt.number < 0 || numbers.has(attempt.number))
      invalid(`record ${record.id}: attempt numbers must be distinct non-negative integers`);
    numbers.add(attempt.number);
  }
  return {
    ...record,
    receivedAt: toMilliseconds(record.receivedAt, 'receivedAt'),
    firstTokenAt: record.firstTokenAt === null ? null : toMilliseconds(record.firstTokenAt, 'firstTokenAt'),
    doneAt: toMilliseconds(record.doneAt, 'doneAt'),
    attempts: record.attempts
      .map((attempt) => ({ ...attempt, startedAt: toMilliseconds(attempt.startedAt, 'attempt startedAt') }))
      .sort((left, right) => left.number - right.number),
  };
}

/**
 * The batch as it is stored: every record checked (one bad record rejects the whole batch before
 * anything is written), timestamps rounded, attempts in order, and a repeated id kept once (the
 * first), as inserting it twice would be skipped anyway.
 */
export function prepareRecordBatch(records: readonly RequestRecord[]): RequestRecord[] {
  if (!Array.isArray(records)) invalid('records must be an array');
  const seen = new Set<string>();
  const batch: RequestRecord[] = [];
  for (const record of records) {
    const checked = checkRecord(record);
    if (seen.has(checked.id)) continue;
    seen.add(checked.id);
    batch.push(checked);
  }
  return batch;
}

function optionalStrings(value: unknown, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string'))
    invalid(`${field} must be an array of strings`);
  return value.length === 0 ? undefined : [...(value as string[])];
}

/** The rule as stored in the purge log: only the fields given. */
export function normalizePurgeRule(rule: PurgeRule): PurgeRule {
  const normalized: PurgeRule = { before: toMilliseconds(rule.before, 'before') };
  if (rule.route !== undefined) {
    if (typeof rule.route !== 'string') invalid('route must be a string');
    normalized.route = rule.route;
  }
  if (rule.teamId !== undefined) {
    if (typeof rule.teamId !== 'string') invalid('teamId must be a string');
    normalized.teamId = rule.teamId;
  }
  const exceptRoutes = optionalStrings(rule.exceptRoutes, 'exceptRoutes');
  if (exceptRoutes !== undefined) normalized.exceptRoutes = exceptRoutes;
  const exceptTeams = optionalStrings(rule.exceptTeams, 'exceptTeams');
  if (exceptTeams !== undefined) normalized.exceptTeams = exceptTeams;
  return normalized;
}

/** True when the rule covers the record (the memory store's purge; the SQL backends say the same in SQL). */
export function purgeCovers(rule: PurgeRule, record: RequestRecord): boolean {
  if (record.receivedAt >= rule.before) return false;
  if (rule.route !== undefined && record.route !== rule.route) return false;
  if (rule.teamId !== undefined && record.teamId !== rule.teamId) return false;
  if (record.route !== null && rule.exceptRoutes?.includes(record.route) === true) return false;
  if (record.teamId !== null && rule.exceptTeams?.includes(record.teamId) === true) return false;
  return true;
}

export function normalizeUsageQuery(query: UsageQuery): UsageQuery {
  if (!usageGroupings.includes(query.groupBy)) invalid(`groupBy must be one of ${usageGroupings.join(', ')}`);
  const normalized: UsageQuery = {
    organizationId: requireOrganization(query.organizationId),
    groupBy: query.groupBy,
  };
  if (query.from !== undefined) normalized.from = toMilliseconds(query.from, 'from');
  if (query.to !== undefined) normalized.to = toMilliseconds(query.to, 'to');
  return normalized;
}

export function purgeListSize(limit: unknown): number {
  if (limit === undefined) return defaultPurgeListSize;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 1000)
    invalid('limit must be an integer from 1 to 1000');
  return limit;
}

/** Largest cost first; ties by more requests, then by group (null last), so every backend lists alike. */
export function compareUsageRows(left: UsageRow, right: UsageRow): number {
  if (left.costUsd !== right.costUsd) return right.costUsd - left.costUsd;
  if (left.requests !== right.requests) return right.requests - left.requests;
  if (left.group === right.group) return 0;
  if (left.group === null) return 1;
  if (right.group === null) return -1;
  return left.group < right.group ? -1 : 1;
}
