// The embedded exact cache: an in-process LRU (lru-cache) bounded by the bytes of its entries,
// each with its own time to live. Purges walk the entries (an admin action, not a request path).

import { LRUCache } from 'lru-cache';
import { answerBytes, type CachedAnswer } from './cached-answer.js';
import { matchesPurge, type AnswerStore, type EntryKey, type PurgeFilter } from './answer-store.js';

interface Stored {
  answer: CachedAnswer;
  bytes: number;
}

export class MemoryAnswerStore implements AnswerStore {
  readonly #entries: LRUCache<string, Stored>;

  constructor(maxBytes: number, now?: () => number) {
    this.#entries = new LRUCache<string, Stored>({
      maxSize: maxBytes,
      sizeCalculation: (stored) => stored.bytes,
      ...(now === undefined ? {} : { perf: { now } }),
    });
  }

  async get(key: EntryKey): Promise<CachedAnswer | undefined> {
    return this.#entries.get(key.digest)?.answer;
  }

  async set(digest: string, answer: CachedAnswer, ttlMs: number): Promise<void> {
    const bytes = answerBytes(answer);
    // An entry larger than the whole cache would evict everything and still not fit.
    if (bytes > this.#entries.maxSize) return;
    this.#entries.set(digest, { answer, bytes }, { ttl: ttlMs });
  }

  async purge(filter: PurgeFilter): Promise<number> {
    let dropped = 0;
    for (const [key, stored] of this.#entries.entries()) {
      if (!matchesPurge(stored.answer, filter)) continue;
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
