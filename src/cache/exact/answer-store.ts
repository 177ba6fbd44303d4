// Where exact-cache entries live: in process (memory-answer-store.ts, bounded by bytes) or in
// Redis for a cluster (redis-answer-store.ts). Both pass answer-store.case.ts. A store never
// throws on the request path's reads: a failed read is a miss (the caller logs it).

import type { CachedAnswer } from './cached-answer.js';
import type { CacheTags } from './exact-key.js';

/** An entry's address: the request's digest (exact-key.ts), and its tags (Redis keys name them). */
export interface EntryKey {
  digest: string;
  tags: CacheTags;
}

/** Which entries to drop: always one organisation's; narrowed by route, model and namespace. */
export interface PurgeFilter {
  organizationId: string;
  route?: string | undefined;
  model?: string | undefined;
  namespace?: string | undefined;
}

/**
 * A semantic entry's prompt as stored beside its answer, when the answer was stored, and when it
 * expires (epoch ms; absent where the store cannot say).
 */
export type StoredMeaning = NonNullable<CachedAnswer['meaning']> & { storedAt: number; expiresAt?: number };

/** Entries a store dropped: evicted for room, found expired, or purged. */
export interface DroppedEntries {
  digests: string[];
  /** The drop holds for every replica that shares the store (a purge in Redis), not this one alone. */
  shared: boolean;
}

/** What an in-process store holds, for /metrics (Redis keeps its own figures). */
export interface AnswerStoreStats {
  entries: number;
  /** Bytes of the entries' answers. */
  bytes: number;
  capacityBytes: number;
  /** Entries dropped to make room, since the store was made. */
  evicted: number;
  /** Entries a read found past their TTL. */
  expired: number;
}

export interface AnswerStore {
  /** The entry under `key`, or undefined when there is none or it expired. */
  get(key: EntryKey): Promise<CachedAnswer | undefined>;
  /** Stores an entry under its digest and `answer.tags` for `ttlMs` (a newer one replaces it). */
  set(digest: string, answer: CachedAnswer, ttlMs: number): Promise<void>;
  /**
   * Calls `visit` with the meaning of every live entry filed by one (to rebuild the semantic
   * index); order unspecified. Only the meaning is read where the store can (Redis: a script
   * returns it, not the answers).
   */
  scanMeanings(visit: (digest: string, meaning: StoredMeaning) => void): Promise<void>;
  /** Drops the matching entries; resolves to how many were dropped. */
  purge(filter: PurgeFilter): Promise<number>;
  /**
   * Tells `listener` the digests of the entries this store drops (the semantic index forgets
   * them): purged, and, where the store sees them, evicted for room or found expired. Redis's own
   * expiries and evictions are not seen (a lookup that finds the answer gone forgets it then).
   */
  watchDrops(listener: (dropped: DroppedEntries) => void): void;
  /** What the store holds, where it keeps count (the in-process store). */
  stats?(): AnswerStoreStats;
  close(): Promise<void>;
}

/**
 * A store that passes every call on to `store`: the base of a wrapper that changes one or two of
 * them (spread it, then override), so no call is forgotten when the interface grows.
 */
export function delegatingStore(store: AnswerStore): AnswerStore {
  const stats = store.stats?.bind(store);
  return {
    get: (key) => store.get(key),
    set: (digest, answer, ttlMs) => store.set(digest, answer, ttlMs),
    scanMeanings: (visit) => store.scanMeanings(visit),
    purge: (filter) => store.purge(filter),
    watchDrops: (listener) => store.watchDrops(listener),
    ...(stats === undefined ? {} : { stats }),
    close: () => store.close(),
  };
}

export function matchesPurge(answer: CachedAnswer, filter: PurgeFilter): boolean {
  const { tags } = answer;
  return (
    tags.organizationId === filter.organizationId &&
    (filter.route === undefined || tags.route === filter.route) &&
    (filter.model === undefined || tags.model === filter.model) &&
    (filter.namespace === undefined || tags.namespace === filter.namespace)
  );
}
