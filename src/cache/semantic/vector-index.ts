// The semantic cache's vector index: entries in partitions (the caller's key: tenant scope,
// model, context hash), a search sees only its own partition. Exact scan, not a graph: a sign-bit
// Hamming prefilter over the whole partition, then int8 rescoring of the closest candidates
// (docs/decisions/0007-semantic-cache-index.md has the measurements). Synchronous and
// single-threaded: it runs inside the semantic worker thread, never on the event loop.

import { PartitionVectors, searchScratch, type ScoredId, type SearchScratch } from './partition-vectors.js';
import { normalise, signWords, writeSignBits } from './quantise.js';

export type { ScoredId } from './partition-vectors.js';

export interface VectorIndexOptions {
  dimensions: number;
  /** How many prefilter candidates are rescored with int8 codes (default 256). */
  candidates?: number;
}

interface Location {
  partition: string;
  vectors: PartitionVectors;
  slot: number;
}

/** Rough bytes of one id's bookkeeping beyond its characters: map entry, location, array slot. */
const entryOverheadBytes = 96;
/** Rough bytes of one partition's bookkeeping: map entry, object, three typed-array headers. */
const partitionOverheadBytes = 400;

export class VectorIndex {
  readonly dimensions: number;
  readonly #candidates: number;
  readonly #partitions = new Map<string, PartitionVectors>();
  readonly #locations = new Map<string, Location>();
  readonly #scratch: SearchScratch;
  readonly #queryBits: Uint32Array;
  readonly #unitScratch: Float32Array;
  #idCharacters = 0;

  constructor(options: VectorIndexOptions) {
    if (!Number.isInteger(options.dimensions) || options.dimensions <= 0) {
      throw new RangeError(`dimensions must be a positive integer, not ${options.dimensions}`);
    }
    const candidates = options.candidates ?? 256;
    if (!Number.isInteger(candidates) || candidates <= 0) {
      throw new RangeError(`candidates must be a positive integer, not ${candidates}`);
    }
    this.dimensions = options.dimensions;
    this.#candidates = candidates;
    this.#scratch = searchScratch(options.dimensions);
    this.#queryBits = new Uint32Array(signWords(options.dimensions));
    this.#unitScratch = new Float32Array(options.dimensions);
  }

  /** Entries in every partition. */
  get size(): number {
    return this.#locations.size;
  }

  get partitionCount(): number {
    return this.#partitions.size;
  }

  /** Approximate bytes held: packed vectors exactly, ids and bookkeeping estimated. */
  get bytes(): number {
    let bytes = this.#scratch.distances.byteLength + this.#scratch.histogram.byteLength;
    for (const vectors of this.#partitions.values()) bytes += vectors.bytes + partitionOverheadBytes;
    return bytes + this.#idCharacters * 2 + this.#locations.size * entryOverheadBytes;
  }

  has(id: string): boolean {
    return this.#locations.has(id);
  }

  /** Adds (or replaces) an entry. The vector is copied and normalised; the caller's is untouched. */
  add(id: string, partition: string, vector: Float32Array | readonly number[]): void {
    const unit = this.#unit(vector);
    this.remove(id);
    let vectors = this.#partitions.get(partition);
    if (vectors === undefined) {
      vectors = new PartitionVectors(this.dimensions);
      this.#partitions.set(partition, vectors);
    }
    const slot = vectors.add(id, unit);
    this.#locations.set(id, { partition, vectors, slot });
    this.#idCharacters += id.length;
  }

  /** Removes an entry; false when there was none. */
  remove(id: string): boolean {
    const location = this.#locations.get(id);
    if (location === undefined) return false;
    this.#locations.delete(id);
    this.#idCharacters -= id.length;
    const moved = location.vectors.removeAt(location.slot);
    if (moved !== undefined) {
      const movedLocation = this.#locations.get(moved);
      if (movedLocation !== undefined) movedLocation.slot = location.slot;
    }
    if (location.vectors.size === 0) this.#partitions.delete(location.partition);
    return true;
  }

  /** The `k` most similar entries of `partition`, best first, with their cosine scores. */
  search(partition: string, vector: Float32Array | readonly number[], k: number): ScoredId[] {
    if (!Number.isInteger(k) || k <= 0) throw new RangeError(`k must be a positive integer, not ${k}`);
    const vectors = this.#partitions.get(partition);
    if (vectors === undefined) return [];
    const query = this.#unit(vector);
    writeSignBits(query, this.#queryBits, 0);
    return vectors.search(query, this.#queryBits, k, this.#candidates, this.#scratch);
  }

  /** Removes every entry. */
  clear(): void {
    this.#partitions.clear();
    this.#locations.clear();
    this.#idCharacters = 0;
  }

  /** The vector normalised into scratch space (valid until the next call): no garbage per call. */
  #unit(vector: Float32Array | readonly number[]): Float32Array {
    if (vector.length !== this.dimensions) {
      throw new RangeError(`expected ${this.dimensions} dimensions, got ${vector.length}`);
    }
    this.#unitScratch.set(vector);
    return normalise(this.#unitScratch);
  }
}
