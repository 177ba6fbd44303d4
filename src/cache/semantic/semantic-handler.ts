// What the semantic worker thread does with a batch of requests: skip those past their deadline
// and those whose text is longer than the model reads, embed every other text of the batch in one
// call (4 texts together take about 2.5 times one text's time), then search, add and remove in the
// index. No thread code here, so it is tested with a fake embedder.

import type { Embedder } from './embedder.js';
import type { SemanticReply, SemanticRequest, SemanticStats } from './semantic-messages.js';
import { entryBytes, VectorIndex } from './vector-index.js';

export interface SemanticHandlerOptions {
  /** Loads the embedder, once, on the first request. */
  loadEmbedder: () => Promise<Embedder>;
  /** Prefilter candidates rescored per search (vector-index.ts). */
  candidates?: number;
  /** The index's size (entryBytes each): past it the oldest filed are evicted (default: no cap). */
  maxBytes?: number | undefined;
  now?: () => number;
}

/** How often, at most, the index is swept of entries whose answers expired (passed by meanwhile). */
const sweepEveryMs = 10_000;

interface Loaded {
  embedder: Embedder;
  index: VectorIndex;
}

export class SemanticHandler {
  readonly #options: SemanticHandlerOptions;
  readonly #now: () => number;
  #loaded: Promise<Loaded> | undefined;
  #expired = 0;
  #evicted = 0;
  #removed = 0;
  #loadMs = 0;
  #sweptAt = 0;

  constructor(options: SemanticHandlerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** One reply per request, in the same order; never throws. */
  async handle(requests: readonly SemanticRequest[]): Promise<SemanticReply[]> {
    let loaded: Loaded;
    try {
      loaded = await this.#load();
    } catch (error) {
      const message = `the embedding model did not load: ${String(error)}`;
      return requests.map((request) => ({ id: request.id, type: 'error', message }));
    }
    const now = this.#now();
    if (now - this.#sweptAt >= sweepEveryMs) {
      this.#sweptAt = now;
      this.#removed += loaded.index.removeExpired(now);
    }
    const tooLong = new Set(requests.filter((request) => !isCovered(request, loaded.embedder)));
    const live = requests.filter((request) => !isExpired(request, now) && !tooLong.has(request));
    const texts = live.flatMap(textsOf);
    let vectors: Float32Array[];
    try {
      vectors = await loaded.embedder.embed(texts);
      if (vectors.length !== texts.length)
        throw new Error(`got ${vectors.length} vectors for ${texts.length} texts`);
    } catch (error) {
      const message = `embedding failed: ${String(error)}`;
      return requests.map((request) =>
        isExpired(request, now) ? this.#expiredReply(request) : { id: request.id, type: 'error', message },
      );
    }
    let next = 0;
    const replies = requests.map((request): SemanticReply => {
      if (isExpired(request, now)) return this.#expiredReply(request);
      if (tooLong.has(request)) return { id: request.id, type: 'too-long' };
      const own = vectors.slice(next, next + textsOf(request).length);
      next += own.length;
      try {
        return this.#answer(request, own, loaded);
      } catch (error) {
        return {
          id: request.id,
          type: 'error',
          message: error instanceof Error ? error.message : String(error),
        };
      }
    });
    const maxBytes = this.#options.maxBytes;
    if (maxBytes !== undefined) {
      this.#evicted += loaded.index.evictOldest(Math.floor(maxBytes / entryBytes(loaded.index.dimensions)));
    }
    return replies;
  }

  #answer(request: SemanticRequest, vectors: Float32Array[], { embedder, index }: Loaded): SemanticReply {
    switch (request.type) {
      case 'lookup': {
        const vector = vectors[0]!;
        return {
          id: request.id,
          type: 'hits',
          hits: index.search(request.partition, vector, request.k, this.#now()),
          vector,
        };
      }
      case 'embed':
        return { id: request.id, type: 'vectors', vectors };
      case 'add':
        index.add(request.entryId, request.partition, vectors[0]!, this.#now(), request.expiresAt);
        return { id: request.id, type: 'done' };
      case 'add-vector':
        index.add(request.entryId, request.partition, request.vector, this.#now(), request.expiresAt);
        return { id: request.id, type: 'done' };
      case 'add-many':
        return this.#addMany(request, index);
      case 'lookup-vector':
        return {
          id: request.id,
          type: 'hits',
          hits: index.search(request.partition, request.vector, request.k, this.#now()),
          vector: request.vector,
        };
      case 'remove': {
        let removed = 0;
        for (const entryId of request.entryIds) if (index.remove(entryId)) removed++;
        this.#removed += removed;
        return { id: request.id, type: 'removed', removed };
      }
      case 'stats':
        return { id: request.id, type: 'stats', stats: this.#stats(embedder, index) };
      case 'warm':
        return { id: request.id, type: 'done' };
    }
  }

  /** Adds every entry it can; one that fails (a zero vector) is skipped and counted in the reply. */
  #addMany(request: Extract<SemanticRequest, { type: 'add-many' }>, index: VectorIndex): SemanticReply {
    const { entryIds, partitions, vectors, filedAt, expiresAt } = request;
    const dimensions = index.dimensions;
    if (
      partitions.length !== entryIds.length ||
      vectors.length !== entryIds.length * dimensions ||
      (filedAt !== undefined && filedAt.length !== entryIds.length) ||
      (expiresAt !== undefined && expiresAt.length !== entryIds.length)
    ) {
      throw new RangeError(
        `add-many needs one partition, ${dimensions} values and (when given) one filing time and one ` +
          `expiry per id: ${entryIds.length} ids, ${partitions.length} partitions, ${vectors.length} values, ` +
          `${filedAt?.length ?? 'no'} times, ${expiresAt?.length ?? 'no'} expiries`,
      );
    }
    let added = 0;
    for (let entry = 0; entry < entryIds.length; entry++) {
      try {
        index.add(
          entryIds[entry]!,
          partitions[entry]!,
          vectors.subarray(entry * dimensions, (entry + 1) * dimensions),
          filedAt?.[entry] ?? this.#now(),
          expiresAt?.[entry],
        );
        added++;
      } catch {
        // A vector the index refuses (all zeros, not finite) files nothing; the others go on.
      }
    }
    return { id: request.id, type: 'added', added };
  }

  #stats(embedder: Embedder, index: VectorIndex): SemanticStats {
    return {
      model: embedder.model,
      dimensions: embedder.dimensions,
      entries: index.size,
      partitions: index.partitionCount,
      bytes: index.bytes,
      evicted: this.#evicted,
      removed: this.#removed,
      expired: this.#expired,
      loadMs: this.#loadMs,
    };
  }

  #expiredReply(request: SemanticRequest): SemanticReply {
    this.#expired++;
    return { id: request.id, type: 'expired' };
  }

  #load(): Promise<Loaded> {
    this.#loaded ??= (async () => {
      const started = performance.now();
      const embedder = await this.#options.loadEmbedder();
      this.#loadMs = performance.now() - started;
      const index = new VectorIndex({
        dimensions: embedder.dimensions,
        candidates: this.#options.candidates,
      });
      return { embedder, index };
    })();
    return this.#loaded;
  }
}

function isExpired(request: SemanticRequest, now: number): boolean {
  return (
    (request.type === 'lookup' || request.type === 'lookup-vector' || request.type === 'embed') &&
    request.deadline < now
  );
}

/** False for a lookup or an add whose text the model would read only the start of. */
function isCovered(request: SemanticRequest, embedder: Embedder): boolean {
  if (embedder.covers === undefined) return true;
  if (request.type !== 'lookup' && request.type !== 'add') return true;
  return embedder.covers(request.text);
}

/** The texts a request needs embedded. */
function textsOf(request: SemanticRequest): string[] {
  switch (request.type) {
    case 'lookup':
    case 'add':
      return [request.text];
    case 'embed':
      return request.texts;
    case 'add-vector':
    case 'add-many':
    case 'lookup-vector':
    case 'remove':
    case 'stats':
    case 'warm':
      return [];
  }
}
