// The embedded exact cache: entries written one after another into up to 16 blocks of memory that
// together make `maxBytes`, taken once and reused (a log-structured cache, ring of slabs). When
// the block being written is full, the writer moves to the oldest block and every entry still in
// it is evicted at once. An entry read from the older half of the ring is written again at the
// head, so entries that are asked for stay (close to least-recently-used eviction). Each entry
// has its own time to live.
//
// Why slabs: nothing on the V8 heap per entry — neither the answer nor its index record (the
// index is a hash table in typed arrays, keys and expiries live in the slabs) — so the garbage
// collector neither walks nor promotes entries, and the budget holds more answers than one
// Buffer each did. 200,000 answers of about 600 bytes through 16 MB: 18,393 kept for +14 MB of
// resident memory over a cache that keeps nothing (bench/cache-memory.ts; the ring with a Map
// index kept 20,585 for +83 to +94 MB, one Buffer per entry 9,279 for +90 MB). Purges walk the
// entries (an admin action, not a request path).

import type { CachedAnswer } from './cached-answer.js';
import type { SnapshotEntry } from './answer-snapshot.js';
import {
  matchesPurge,
  type AnswerStore,
  type AnswerStoreStats,
  type DroppedEntries,
  type EntryKey,
  type PurgeFilter,
  type StoredMeaning,
} from './answer-store.js';
import { SlabRing } from './slab-ring.js';
import { answerText, parseAnswerText, storedAtOf } from './answer-text.js';

export class MemoryAnswerStore implements AnswerStore {
  readonly #ring: SlabRing;
  readonly #now: () => number;
  readonly #listeners: Array<(dropped: DroppedEntries) => void> = [];

  constructor(maxBytes: number, now?: () => number) {
    this.#ring = new SlabRing(maxBytes);
    this.#now = now ?? Date.now;
  }

  watchDrops(listener: (dropped: DroppedEntries) => void): void {
    this.#listeners.push(listener);
    this.#ring.onDrop = (digests) => this.#tell(digests);
  }

  async get(key: EntryKey): Promise<CachedAnswer | undefined> {
    const text = this.#ring.read(key.digest, this.#now());
    return text === undefined ? undefined : parseAnswerText(text);
  }

  async set(digest: string, answer: CachedAnswer, ttlMs: number): Promise<void> {
    this.#ring.write(digest, answerText(answer), this.#now() + ttlMs);
  }

  async scanMeanings(visit: (digest: string, meaning: StoredMeaning) => void): Promise<void> {
    const now = this.#now();
    for (const [digest, text, expiresAt] of this.#ring.live(now)) {
      const { meaning, storedAt } = parseAnswerText(text);
      // The ring's clock may be a test's; the index reads the wall clock.
      if (meaning !== undefined)
        visit(digest, { ...meaning, storedAt, expiresAt: Date.now() + (expiresAt - now) });
    }
  }

  async purge(filter: PurgeFilter): Promise<number> {
    const dropped: string[] = [];
    for (const [digest, text] of this.#ring.live(this.#now())) {
      if (!matchesPurge(parseAnswerText(text), filter)) continue;
      this.#ring.delete(digest);
      dropped.push(digest);
    }
    if (dropped.length > 0) this.#tell(dropped);
    return dropped.length;
  }

  /** The live entries, for a snapshot (answer-snapshot.ts). */
  *entries(): Generator<SnapshotEntry> {
    const now = this.#now();
    for (const [digest, text, expiresAt] of this.#ring.live(now)) {
      yield {
        digest,
        entry: Buffer.from(text, 'utf8'),
        storedAt: storedAtOf(text),
        expiresAt: Date.now() + (expiresAt - now),
      };
    }
  }

  /** Takes back a snapshot's entries (oldest first), each for what is left of its TTL. */
  restore(entries: Iterable<SnapshotEntry>): number {
    const wall = Date.now();
    const now = this.#now();
    let restored = 0;
    for (const { digest, entry, expiresAt } of entries) {
      if (expiresAt <= wall) continue;
      if (this.#ring.write(digest, entry.toString('utf8'), now + (expiresAt - wall))) restored += 1;
    }
    return restored;
  }

  /** Bytes of the live entries. */
  get bytes(): number {
    return this.#ring.liveBytes;
  }

  stats(): AnswerStoreStats {
    const ring = this.#ring;
    return {
      entries: ring.size,
      bytes: ring.liveBytes,
      capacityBytes: ring.capacityBytes,
      evicted: ring.evicted,
      expired: ring.expired,
    };
  }

  async close(): Promise<void> {
    this.#ring.clear();
  }

  /** In-process drops concern this replica alone: its peers keep their own answers. */
  #tell(digests: string[]): void {
    for (const listener of this.#listeners) listener({ digests, shared: false });
  }
}
