// The RecordStore capability: the request log (a row per request, a row per attempt, the bodies a
// route's policy keeps), queried by the admin API and the CLI, purged by retention. Every backend
// implements this interface and passes record-store.case.ts. No HTTP here.

import type { CacheVerdict, RecordOutcome, RequestRecord } from '../telemetry/request-record.js';
import type { SemanticNoteOutcome } from '../telemetry/semantic-outcomes.js';

export interface RecordFilter {
  /** Always required: a query never crosses organisations. */
  organizationId: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  keyId?: string;
  teamId?: string;
  /** The requested model name. */
  model?: string;
  route?: string;
  /** Exact HTTP status, or a class: '2xx', '4xx', '5xx'. */
  status?: number | '2xx' | '4xx' | '5xx';
  outcome?: RecordOutcome;
  cache?: CacheVerdict;
  /** How the request's semantic lookup ended (RequestRecord.semantic.outcome). */
  semantic?: SemanticNoteOutcome;
  /** USD, inclusive; records whose cost is unknown never match a cost bound. */
  minCostUsd?: number;
  maxCostUsd?: number;
  /** Words that must all appear in the stored prompt or response (policy redacted or full). */
  text?: string;
  sessionId?: string;
  traceId?: string;
  /** Page size, 1..1000 (default 50). */
  limit?: number;
  /** From a previous page's nextCursor. */
  cursor?: string;
}

export interface RecordPage {
  /** Newest first (receivedAt, then id, descending). */
  records: RequestRecord[];
  /** Absent on the last page. */
  nextCursor?: string;
}

export type UsageGrouping = 'key' | 'team' | 'model' | 'route' | 'provider';

export interface UsageQuery {
  organizationId: string;
  from?: number;
  to?: number;
  groupBy: UsageGrouping;
}

export interface UsageRow {
  /** The group's value (a key id, team id, model...); null for records without one. */
  group: string | null;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** Of inputTokens and outputTokens, the audio tokens (priced apart from text). */
  audioInputTokens: number;
  audioOutputTokens: number;
  /** Web searches the provider ran (Anthropic), charged per search as a fee. */
  webSearchRequests: number;
  /** Of costUsd, the priced per-request fees (web searches). */
  feeUsd: number;
  /** Sum of the known costs. */
  costUsd: number;
  /** Requests whose cost is unknown (unpriced model or token class): costUsd is a lower bound. */
  unpricedRequests: number;
  /** Requests whose usage was estimated with a tokenizer. */
  estimatedRequests: number;
}

/** One deletion by the retention job; the scope fields say which records it covered. */
export interface PurgeRule {
  /** Records received before this (epoch ms) are deleted. */
  before: number;
  route?: string;
  teamId?: string;
  /** Records of these routes are left alone (they have their own rule). */
  exceptRoutes?: string[];
  /** Records of these teams are left alone (they have their own rule). */
  exceptTeams?: string[];
}

export interface PurgeEntry {
  id: string;
  at: number;
  rule: PurgeRule;
  deleted: number;
}

export interface RecordStore {
  /**
   * Stores a batch in one transaction with its attempts and bodies. A record whose id is already
   * stored is skipped, so replaying a spill file or retrying a batch never duplicates. Throws on
   * failure with nothing of the batch stored. A new record with a `flag` verdict enters the
   * review queue (review-store.ts) in the same transaction; a purge takes its item with it.
   */
  insert(records: readonly RequestRecord[]): Promise<void>;
  /** The organisation's records matching the filter, newest first, with their attempts. */
  query(filter: RecordFilter): Promise<RecordPage>;
  get(id: string, organizationId: string): Promise<RequestRecord | undefined>;
  /** Tokens, cost and counts grouped, largest cost first. */
  usage(query: UsageQuery): Promise<UsageRow[]>;
  /** Deletes what the rule covers (attempts and bodies too) and logs the purge; returns how many requests. */
  purge(rule: PurgeRule): Promise<number>;
  /** Purges logged, newest first. */
  purges(limit?: number): Promise<PurgeEntry[]>;
  close(): Promise<void>;
}
