// The embedded exact cache: an in-process LRU (lru-cache) bounded by the bytes of its entries,
// each with its own time to live. Each entry is kept as one serialised Buffer, outside the V8 heap:
// as objects, 100k entries made every garbage collection walk them, which cost about 40 µs per
// request under load (bench/thread-cost.ts); as Buffers they cost the collector almost nothing.
// Purges walk the entries (an admin action, not a request path).

import { LRUCache } from 'lru-cache';
import type { CachedAnswer } from './cached-answer.js';
import type { SnapshotEntry } from './answer-snapshot.js';
import { matchesPurge, type AnswerStore, type EntryKey, type PurgeFilter } from './answer-store.js';

/** Memory an entry takes beyond its serialised bytes (measured: 0.7–1 KB at 100k–400k entries, by resident memory). */
const entryOverheadBytes = 1024;

export class MemoryAnswerStore implements AnswerStore {
  readonly #entries: LRUCache<string, Buffer>;

  constructor(maxBytes: number, now?: () => number) {
    this.#entries = new LRUCache<string, Buffer>({
      maxSize: maxBytes,
      // What an entry really takes: its bytes, and its key, map slot and buffer bookkeeping.
      sizeCalculation: (stored) => stored.length + entryOverheadBytes,
      ...(now === undefined ? {} : { perf: { now } }),
    });
  }

  async get(key: EntryKey): Promise<CachedAnswer | undefined> {
    const stored = this.#entries.get(key.digest);
    return stored === undefined ? undefined : (JSON.parse(stored.toString('utf8')) as CachedAnswer);
  }

  async set(digest: string, answer: CachedAnswer, ttlMs: number): Promise<void> {
    const text = JSON.stringify(answer);
    // Its own memory, not a slice of Node's shared 8 KB pool (which one live entry would pin whole).
    const stored = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
    stored.write(text);
    // An entry larger than the whole cache would evict everything and still not fit.
    if (stored.length + entryOverheadBytes > this.#entries.maxSize) return;
    this.#entries.set(digest, stored, { ttl: ttlMs });
  }

  async scan(visit: (digest: string, answer: CachedAnswer) => void): Promise<void> {
    for (const [digest, stored] of this.#entries.entries()) {
      visit(digest, JSON.parse(stored.toString('utf8')) as CachedAnswer);
    }
  }

  async purge(filter: PurgeFilter): Promise<number> {
    let dropped = 0;
    for (const [key, stored] of this.#entries.entries()) {
      if (!matchesPurge(JSON.parse(stored.toString('utf8')) as CachedAnswer, filter)) continue;
      this.#entries.delete(key);
      dropped += 1;
    }
    return dropped;
  }

  /** The live entries, for a snapshot (answer-snapshot.ts). */
  *entries(): Generator<SnapshotEntry> {
    const now = Date.now();
    for (const [digest, stored] of this.#entries.entries()) {
      const remaining = this.#entries.getRemainingTTL(digest);
      if (remaining <= 0) continue;
      const { storedAt } = JSON.parse(stored.toString('utf8')) as CachedAnswer;
      yield { digest, entry: stored, storedAt, expiresAt: now + remaining };
    }
  }

  /** Takes back a snapshot's entries (oldest first), each for what is left of its TTL. */
  restore(entries: Iterable<SnapshotEntry>): number {
    const now = Date.now();
    let restored = 0;
    for (const { digest, entry, expiresAt } of entries) {
      if (expiresAt <= now || entry.length + entryOverheadBytes > this.#entries.maxSize) continue;
      this.#entries.set(digest, entry, { ttl: expiresAt - now });
      restored += 1;
    }
    return restored;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.#entries.calculatedSize;
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }
}
