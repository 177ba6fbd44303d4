// RecordStore in process memory, for tests and `--ephemeral` runs: same contract as the databases
// (record-store.case.ts), nothing persisted, nothing bounded (a long ephemeral run keeps growing).
// Never hands out a reference to a stored record. Keeps the review queue of its records too.

import { systemClock, type Clock } from '../clock.js';
import { randomId, type IdGenerator } from '../id-generator.js';
import { compareNewestFirst, normalizeRecordFilter, type NormalizedRecordFilter } from '../record-filter.js';
import {
  compareUsageRows,
  emptyUsageRow,
  normalizePurgeRule,
  normalizeUsageQuery,
  prepareRecordBatch,
  purgeCovers,
  purgeListSize,
} from '../record-input.js';
import { matchesWords } from '../record-search.js';
import { nextCursor } from '../record-sql.js';
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
import { MemoryReviewStore } from './memory-review-store.js';

export interface MemoryRecordStoreOptions {
  clock?: Clock;
  newId?: IdGenerator;
}

const groupValue: Record<UsageQuery['groupBy'], (record: RequestRecord) => string | null> = {
  key: (record) => record.keyId,
  team: (record) => record.teamId,
  model: (record) => record.model,
  route: (record) => record.route,
  provider: (record) => record.provider,
};

function matches(record: RequestRecord, filter: NormalizedRecordFilter): boolean {
  if (record.organizationId !== filter.organizationId) return false;
  if (filter.from !== undefined && record.receivedAt < filter.from) return false;
  if (filter.to !== undefined && record.receivedAt >= filter.to) return false;
  if (filter.keyId !== undefined && record.keyId !== filter.keyId) return false;
  if (filter.teamId !== undefined && record.teamId !== filter.teamId) return false;
  if (filter.model !== undefined && record.model !== filter.model) return false;
  if (filter.route !== undefined && record.route !== filter.route) return false;
  if (filter.sessionId !== undefined && record.sessionId !== filter.sessionId) return false;
  if (filter.traceId !== undefined && record.traceId !== filter.traceId) return false;
  const { status } = filter;
  if (status !== undefined && (record.status < status.min || record.status > status.max)) return false;
  if (filter.outcome !== undefined && record.outcome !== filter.outcome) return false;
  if (filter.cache !== undefined && record.cache !== filter.cache) return false;
  if (filter.semantic !== undefined && record.semantic?.outcome !== filter.semantic) return false;
  const cost = record.cost.usd;
  if (filter.minCostUsd !== undefined && (cost === null || cost < filter.minCostUsd)) return false;
  if (filter.maxCostUsd !== undefined && (cost === null || cost > filter.maxCostUsd)) return false;
  if (filter.search !== undefined && !matchesWords(record, filter.search.words)) return false;
  if (filter.after !== undefined && compareNewestFirst(record, filter.after) <= 0) return false;
  return true;
}

function addUsage(row: UsageRow, record: RequestRecord): void {
  const { usage, cost } = record;
  row.requests += 1;
  if (record.outcome === 'error') row.errors += 1;
  row.inputTokens += usage.inputTokens;
  row.outputTokens += usage.outputTokens;
  row.cacheReadTokens += usage.cacheReadTokens;
  row.cacheWriteTokens += usage.cacheWriteTokens;
  row.reasoningTokens += usage.reasoningTokens ?? 0;
  row.audioInputTokens += usage.audioInputTokens ?? 0;
  row.audioOutputTokens += usage.audioOutputTokens ?? 0;
  row.webSearchRequests += usage.webSearchRequests ?? 0;
  for (const fee of cost.fees ?? []) row.feeUsd += fee.usd ?? 0;
  // A request with an unpriced part counts for its priced part, as /metrics does.
  if (cost.usd === null) row.unpricedRequests += 1;
  row.costUsd += cost.usd ?? cost.knownUsd;
  if (usage.source === 'estimated') row.estimatedRequests += 1;
}

export class MemoryRecordStore implements RecordStore {
  private readonly records = new Map<string, RequestRecord>();
  private readonly purgeLog: PurgeEntry[] = [];
  private readonly clock: Clock;
  private readonly newId: IdGenerator;
  /** The review queue of flagged records, filled by insert() and emptied by purge(). */
  readonly reviews: MemoryReviewStore;

  constructor(options: MemoryRecordStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? randomId;
    this.reviews = new MemoryReviewStore(this.clock);
  }

  async insert(records: readonly RequestRecord[]): Promise<void> {
    // Checked as a whole first, so a bad record leaves nothing of the batch behind.
    for (const record of prepareRecordBatch(records)) {
      if (this.records.has(record.id)) continue;
      // The held answer goes with the review item, never with the record (as in the databases).
      const { hold: _hold, ...kept } = record;
      this.records.set(record.id, structuredClone(kept));
      this.reviews.enqueue(record);
    }
  }

  async query(filter: RecordFilter): Promise<RecordPage> {
    const normalized = normalizeRecordFilter(filter);
    const found = [...this.records.values()].filter((record) => matches(record, normalized));
    found.sort(compareNewestFirst);
    const page = found.slice(0, normalized.limit + 1);
    const records = page.slice(0, normalized.limit).map((record) => structuredClone(record));
    const cursor = nextCursor(page, normalized.limit);
    return cursor === undefined ? { records } : { records, nextCursor: cursor };
  }

  async get(id: string, organizationId: string): Promise<RequestRecord | undefined> {
    const record = this.records.get(id);
    return record !== undefined && record.organizationId === organizationId
      ? structuredClone(record)
      : undefined;
  }

  async usage(query: UsageQuery): Promise<UsageRow[]> {
    const normalized = normalizeUsageQuery(query);
    const groups = new Map<string | null, UsageRow>();
    for (const record of this.records.values()) {
      if (record.organizationId !== normalized.organizationId) continue;
      if (normalized.from !== undefined && record.receivedAt < normalized.from) continue;
      if (normalized.to !== undefined && record.receivedAt >= normalized.to) continue;
      const group = groupValue[normalized.groupBy](record);
      let row = groups.get(group);
      if (row === undefined) groups.set(group, (row = emptyUsageRow(group)));
      addUsage(row, record);
    }
    return [...groups.values()].sort(compareUsageRows);
  }

  async purge(rule: PurgeRule): Promise<number> {
    const normalized = normalizePurgeRule(rule);
    let deleted = 0;
    for (const [id, record] of this.records) {
      if (!purgeCovers(normalized, record)) continue;
      this.records.delete(id);
      this.reviews.remove(id);
      deleted += 1;
    }
    this.purgeLog.push({ id: this.newId(), at: this.clock().getTime(), rule: normalized, deleted });
    return deleted;
  }

  async purges(limit?: number): Promise<PurgeEntry[]> {
    const size = purgeListSize(limit);
    return this.purgeLog
      .slice()
      .sort((left, right) => right.at - left.at || (left.id < right.id ? 1 : left.id > right.id ? -1 : 0))
      .slice(0, size)
      .map((entry) => structuredClone(entry));
  }

  async close(): Promise<void> {
    return undefined;
  }
}
