// The embedded exact cache: an in-process LRU (lru-cache) bounded by the bytes of its entries,
// each with its own time to live. Each entry is kept as one serialised Buffer, outside the V8 heap:
// as objects, 100k entries made every garbage collection walk them, which cost about 40 µs per
// request under load (bench/thread-cost.ts); as Buffers they cost the collector almost nothing.
// Purges walk the entries (an admin action, not a request path).

import { LRUCache } from 'lru-cache';
import type { CachedAnswer } from './cached-answer.js';
import { matchesPurge, type AnswerStore, type EntryKey, type PurgeFilter } from './answer-store.js';

/** Memory an entry takes beyond its serialised bytes (measured: about 0.7 KB at 100k entries). */
const entryOverheadBytes = 700;

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

  async purge(filter: PurgeFilter): Promise<number> {
    let dropped = 0;
    for (const [key, stored] of this.#entries.entries()) {
      if (!matchesPurge(JSON.parse(stored.toString('utf8')) as CachedAnswer, filter)) continue;
      this.#entries.delete(key);
      dropped += 1;
    }
    return dropped;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.#entries.calculatedSize;
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }
}
