// The admin API's request-log shapes as the CLI reads them (GET /admin/records, /admin/usage), and
// the query strings it sends. Checked for the fields the CLI prints; the answer itself is kept
// untouched (field order, unknown fields) so --json passes on exactly what the gateway said.

import { z } from 'zod';
import type { UsageGrouping } from '../storage/record-store.js';
import type { CacheVerdict, RecordOutcome } from '../telemetry/request-record.js';
import type { SemanticNoteOutcome } from '../telemetry/semantic-outcomes.js';

export const recordOutcomes = ['ok', 'error', 'cancelled'] as const satisfies readonly RecordOutcome[];
export const cacheVerdicts = [
  'none',
  'miss',
  'hit',
  'semantic-hit',
  'bypass',
] as const satisfies readonly CacheVerdict[];
export const usageGroupings = [
  'key',
  'team',
  'model',
  'route',
  'provider',
] as const satisfies readonly UsageGrouping[];

// Lenient strings for outcome and usage source: a value a newer gateway adds must not break the CLI.
export const recordShape = z.looseObject({
  id: z.string(),
  receivedAt: z.number(),
  doneAt: z.number(),
  model: z.string(),
  provider: z.string().nullable(),
  upstreamModel: z.string().nullable(),
  status: z.number(),
  outcome: z.string(),
  usage: z.looseObject({ inputTokens: z.number(), outputTokens: z.number(), source: z.string() }),
  cost: z.looseObject({ usd: z.number().nullable() }),
});

/** A RequestRecord (src/telemetry/request-record.ts) with at least the fields the CLI prints. */
export type RecordView = z.output<typeof recordShape>;

/** Validates without rebuilding the object, so key order and unknown fields survive for --json. */
export function unchanged<T>(shape: z.ZodType<T>) {
  return z.custom<T>((value) => shape.safeParse(value).success);
}

export const recordSchema = unchanged(recordShape);

export const recordPageSchema = z.object({
  data: z.array(recordSchema),
  nextCursor: z.string().nullish(),
});
export type RecordPageView = z.output<typeof recordPageSchema>;

const usageRowShape = z.looseObject({
  group: z.string().nullable(),
  requests: z.number(),
  errors: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  reasoningTokens: z.number(),
  // Absent from gateways older than these columns.
  audioInputTokens: z.number().optional(),
  audioOutputTokens: z.number().optional(),
  webSearchRequests: z.number().optional(),
  feeUsd: z.number().optional(),
  costUsd: z.number(),
  unpricedRequests: z.number(),
  estimatedRequests: z.number().optional(),
});
export type UsageRowView = z.output<typeof usageRowShape>;

export const usageAnswerSchema = unchanged(
  z.looseObject({
    groupBy: z.string(),
    from: z.number().nullish(),
    to: z.number().nullish(),
    data: z.array(usageRowShape),
  }),
);
export type UsageAnswer = z.output<typeof usageAnswerSchema>;

/** The query parameters of GET /admin/records; times are epoch milliseconds. */
export interface RecordQuery {
  from?: number;
  to?: number;
  key?: string;
  team?: string;
  model?: string;
  route?: string;
  /** An HTTP status ("500") or a class ("5xx"). */
  status?: string;
  outcome?: RecordOutcome;
  cache?: CacheVerdict;
  semantic?: SemanticNoteOutcome;
  minCost?: number;
  maxCost?: number;
  /** Words to find in stored prompts and responses. */
  q?: string;
  session?: string;
  trace?: string;
  limit?: number;
  cursor?: string;
}

/** The query parameters of GET /admin/usage. */
export interface UsageReportQuery {
  from?: number;
  to?: number;
  groupBy: UsageGrouping;
}

/** A fixed parameter order, so the same filter always gives the same URL (and tests can say it). */
const recordParameters = [
  'from',
  'to',
  'key',
  'team',
  'model',
  'route',
  'status',
  'outcome',
  'cache',
  'semantic',
  'minCost',
  'maxCost',
  'q',
  'session',
  'trace',
  'limit',
  'cursor',
] as const satisfies ReadonlyArray<keyof RecordQuery>;

export function recordSearch(query: RecordQuery): URLSearchParams {
  const search = new URLSearchParams();
  for (const name of recordParameters) {
    const value = query[name];
    if (value !== undefined) search.set(name, String(value));
  }
  return search;
}

export function usageSearch(query: UsageReportQuery): URLSearchParams {
  const search = new URLSearchParams();
  if (query.from !== undefined) search.set('from', String(query.from));
  if (query.to !== undefined) search.set('to', String(query.to));
  search.set('groupBy', query.groupBy);
  return search;
}
