// Checks a RecordFilter and turns it into the normalised form every backend queries with (status
// as a range, text as words, the cursor decoded), so all of them accept and reject the same input.
// Also the page cursor's format. No SQL, no I/O.

import type { CacheVerdict, RecordOutcome } from '../telemetry/request-record.js';
import { semanticNoteOutcomes, type SemanticNoteOutcome } from '../telemetry/semantic-outcomes.js';
import type { RecordFilter } from './record-store.js';
import { searchWords } from './record-search.js';
import { StorageError } from './storage-error.js';

export const defaultPageSize = 50;
export const maxPageSize = 1000;

const outcomes: readonly RecordOutcome[] = ['ok', 'error', 'cancelled'];
const cacheVerdicts: readonly CacheVerdict[] = ['none', 'miss', 'hit', 'semantic-hit', 'bypass'];
const statusClasses = { '2xx': 200, '4xx': 400, '5xx': 500 } as const;

/** Where the previous page ended: the next page holds what sorts after it (older, or same time and lower id). */
export interface RecordCursor {
  receivedAt: number;
  id: string;
}

/** The exact-match filters, by RecordFilter field; each backend maps them to its columns. */
export const equalityFields = ['keyId', 'teamId', 'model', 'route', 'sessionId', 'traceId'] as const;

export type EqualityField = (typeof equalityFields)[number];

export interface NormalizedRecordFilter extends Partial<Record<EqualityField, string>> {
  organizationId: string;
  from?: number;
  to?: number;
  /** Inclusive bounds of the HTTP status. */
  status?: { min: number; max: number };
  outcome?: RecordOutcome;
  cache?: CacheVerdict;
  semantic?: SemanticNoteOutcome;
  minCostUsd?: number;
  maxCostUsd?: number;
  /** The text as given (Postgres parses it itself) and its lowercased words (the others match these). */
  search?: { text: string; words: string[] };
  limit: number;
  after?: RecordCursor;
}

function invalid(message: string): never {
  throw new StorageError('invalid-input', message);
}

function requireNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) invalid(`${field} must be a finite number`);
  return value;
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') invalid(`${field} must be a string`);
  return value;
}

/** Years 0000 to 9999: the range whose ISO-8601 text (SQLite's timestamps) sorts in time order. */
const earliestTime = -62_167_219_200_000;
const latestTime = 253_402_300_799_999;

/**
 * A stored timestamp: to the millisecond (ISO text, timestamptz), so a fraction is rounded away
 * everywhere, and within the years 0000-9999.
 */
export function toMilliseconds(value: unknown, field: string): number {
  const time = Math.round(requireNumber(value, field));
  if (time < earliestTime || time > latestTime) invalid(`${field} must fall within the years 0000 to 9999`);
  return time;
}

export function requireOrganization(value: unknown): string {
  if (typeof value !== 'string' || value === '') invalid('organizationId must be a non-empty string');
  return value;
}

function toStatusRange(status: unknown): { min: number; max: number } {
  if (typeof status === 'string' && Object.hasOwn(statusClasses, status)) {
    const min = statusClasses[status as keyof typeof statusClasses];
    return { min, max: min + 99 };
  }
  if (typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599) {
    return { min: status, max: status };
  }
  return invalid("status must be an HTTP status (100-599) or one of '2xx', '4xx', '5xx'");
}

/** A page size as every listing takes it: 1..maxPageSize, defaultPageSize when absent. */
export function pageSize(limit: unknown): number {
  if (limit === undefined) return defaultPageSize;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > maxPageSize)
    invalid(`limit must be an integer from 1 to ${maxPageSize}`);
  return limit;
}

export function normalizeRecordFilter(filter: RecordFilter): NormalizedRecordFilter {
  const normalized: NormalizedRecordFilter = {
    organizationId: requireOrganization(filter.organizationId),
    limit: pageSize(filter.limit),
  };
  if (filter.from !== undefined) normalized.from = toMilliseconds(filter.from, 'from');
  if (filter.to !== undefined) normalized.to = toMilliseconds(filter.to, 'to');
  for (const field of equalityFields) {
    const value = filter[field];
    if (value !== undefined) normalized[field] = requireString(value, field);
  }
  if (filter.status !== undefined) normalized.status = toStatusRange(filter.status);
  if (filter.outcome !== undefined) {
    if (!outcomes.includes(filter.outcome)) invalid(`outcome must be one of ${outcomes.join(', ')}`);
    normalized.outcome = filter.outcome;
  }
  if (filter.cache !== undefined) {
    if (!cacheVerdicts.includes(filter.cache)) invalid(`cache must be one of ${cacheVerdicts.join(', ')}`);
    normalized.cache = filter.cache;
  }
  if (filter.semantic !== undefined) {
    if (!semanticNoteOutcomes.includes(filter.semantic))
      invalid(`semantic must be one of ${semanticNoteOutcomes.join(', ')}`);
    normalized.semantic = filter.semantic;
  }
  if (filter.minCostUsd !== undefined) normalized.minCostUsd = requireNumber(filter.minCostUsd, 'minCostUsd');
  if (filter.maxCostUsd !== undefined) normalized.maxCostUsd = requireNumber(filter.maxCostUsd, 'maxCostUsd');
  if (filter.text !== undefined) normalized.search = { text: filter.text, words: searchWords(filter.text) };
  if (filter.cursor !== undefined) normalized.after = decodeRecordCursor(filter.cursor);
  return normalized;
}

/** Opaque to callers: base64url of [receivedAt, id]. */
export function encodeRecordCursor(cursor: RecordCursor): string {
  return Buffer.from(JSON.stringify([cursor.receivedAt, cursor.id])).toString('base64url');
}

export function decodeRecordCursor(cursor: unknown): RecordCursor {
  if (typeof cursor !== 'string' || cursor === '' || cursor.length > 1000 || !/^[\w-]+$/.test(cursor))
    invalid('cursor is not one this store handed out');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    invalid('cursor is not one this store handed out');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    !Number.isSafeInteger(parsed[0]) ||
    parsed[0] < earliestTime ||
    parsed[0] > latestTime ||
    typeof parsed[1] !== 'string'
  )
    invalid('cursor is not one this store handed out');
  return { receivedAt: parsed[0] as number, id: parsed[1] };
}

/**
 * Newest first, then the higher id first: the order of every page. Compares ids by UTF-16 unit,
 * which is the byte order SQLite and Postgres (COLLATE "C") use, for any id outside the surrogates.
 */
export function compareNewestFirst(
  left: { receivedAt: number; id: string },
  right: { receivedAt: number; id: string },
): number {
  if (left.receivedAt !== right.receivedAt) return right.receivedAt - left.receivedAt;
  return left.id < right.id ? 1 : left.id > right.id ? -1 : 0;
}
