// The semantic cache's vector index: entries in partitions (the caller's key: tenant scope,
// model, context hash), a search sees only its own partition. Exact scan, not a graph: a sign-bit
// Hamming prefilter over the whole partition, then int4 rescoring of the closest candidates
// (docs/decisions/0007-semantic-cache-index.md has the measurements). Synchronous and
// single-threaded: it runs inside the semantic worker thread, never on the event loop.

import { hashKey, positionGroup, positionIndex, positionOf, PositionTable } from '../position-table.js';
import { PartitionVectors, searchScratch, type ScoredId, type SearchScratch } from './partition-vectors.js';
import { hasExpired } from './vector-block.js';
import { int4Bytes, normalise, signWords, writeSignBits } from './quantise.js';

export type { ScoredId } from './partition-vectors.js';

/** A vector as the index takes it: floats, int8 codes (a stored entry's), or plain numbers. */
export type Vector = Float32Array | Int8Array | readonly number[];

export interface VectorIndexOptions {
  dimensions: number;
  /** How many prefilter candidates are rescored with int4 codes (default 256). */
  candidates?: number;
}

/**
 * What one entry costs the index, about: int4 codes, sign bits, and 84 bytes besides (inverse
 * length, filing and expiry times, the id's 32 bytes and hash, its share of the id table and of
 * the blocks' spare room). 404 at 512 dimensions, as measured at 100,000 entries
 * (bench/semantic-cache.ts).
 */
export function entryBytes(dimensions: number): number {
  return int4Bytes(dimensions) + signWords(dimensions) * 4 + 84;
}

/**
 * An expiry in epoch ms as the index keeps it: the whole second it falls in (0 for none, capped
 * to what 32 bits hold). Searches pass an entry by from the start of that second: up to a second
 * before its answer expires, never after (a lookup would find the answer gone).
 */
function expirySeconds(expiresAt: number | undefined): number {
  if (expiresAt === undefined || !Number.isFinite(expiresAt) || expiresAt <= 0) return 0;
  return Math.max(1, Math.min(0xffffffff, Math.floor(expiresAt / 1000)));
}

/** Rough bytes of one partition's bookkeeping: map entry, object, typed-array headers. */
const partitionOverheadBytes = 600;

export class VectorIndex {
  readonly dimensions: number;
  readonly #candidates: number;
  readonly #partitions = new Map<string, PartitionVectors>();
  /** Partitions by number; numbers of emptied partitions are reused. */
  readonly #numbered: (PartitionVectors | undefined)[] = [];
  readonly #freeNumbers: number[] = [];
  /** Every entry: its id's hash to its position, partition number and slot (positionOf). */
  readonly #table = new PositionTable();
  readonly #scratch: SearchScratch;
  readonly #queryBits: Uint32Array;
  readonly #unitScratch: Float32Array;

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
    return this.#table.size;
  }

  get partitionCount(): number {
    return this.#partitions.size;
  }

  /** Approximate bytes held: packed vectors, ids and the table exactly, bookkeeping estimated. */
  get bytes(): number {
    let bytes = this.#scratch.distances.byteLength + this.#scratch.histogram.byteLength + this.#table.bytes;
    for (const vectors of this.#partitions.values()) bytes += vectors.bytes + partitionOverheadBytes;
    return bytes;
  }

  has(id: string): boolean {
    return this.#find(id, hashKey(id)) >= 0;
  }

  /**
   * Adds (or replaces) an entry, filed at `filedAt` (epoch ms; the cap evicts the oldest first),
   * whose answer expires at `expiresAt` (epoch ms; absent: not known to): searches pass it by from
   * then on, and removeExpired drops it. The vector is copied and normalised; the caller's is
   * untouched.
   */
  add(id: string, partition: string, vector: Vector, filedAt = Date.now(), expiresAt?: number): void {
    const unit = this.#unit(vector);
    const hash = hashKey(id);
    this.#remove(id, hash);
    const vectors = this.#partitions.get(partition) ?? this.#open(partition);
    const filed = Math.max(0, Math.min(0xffffffff, Math.floor(filedAt / 1000)));
    const slot = vectors.add(id, hash, unit, Number.isFinite(filed) ? filed : 0, expirySeconds(expiresAt));
    this.#table.insert(hash, positionOf(vectors.number, slot));
  }

  /**
   * When there are more than `maxEntries`, evicts the oldest filed until `keep` remain (a little
   * under the cap, so the next adds do not each pay for a sort); how many went.
   */
  evictOldest(maxEntries: number, keep = Math.floor(maxEntries * 0.99)): number {
    const excess = this.size - keep;
    if (this.size <= maxEntries || excess <= 0) return 0;
    const times = new Uint32Array(this.size);
    let filled = 0;
    for (const vectors of this.#partitions.values()) {
      for (let slot = 0; slot < vectors.size; slot++) times[filled++] = vectors.filedAt(slot);
    }
    times.sort();
    // Everything filed before `cutoff` goes, and as many filed at it as make up the count.
    const cutoff = times[excess - 1]!;
    let atCutoff = excess - times.findIndex((time) => time === cutoff);
    return this.#removeWhere((vectors, slot) => {
      const time = vectors.filedAt(slot);
      return time < cutoff || (time === cutoff && atCutoff-- > 0);
    });
  }

  /** Removes the entries whose answers expired by `now` (epoch ms); how many went. */
  removeExpired(now = Date.now()): number {
    const seconds = Math.floor(now / 1000);
    return this.#removeWhere((vectors, slot) => hasExpired(vectors.expiresAt(slot), seconds));
  }

  /** Removes an entry; false when there was none. */
  remove(id: string): boolean {
    return this.#remove(id, hashKey(id));
  }

  /**
   * The `k` most similar entries of `partition` whose answers have not expired by `now` (epoch
   * ms), best first, with their cosine scores.
   */
  search(partition: string, vector: Vector, k: number, now = Date.now()): ScoredId[] {
    if (!Number.isInteger(k) || k <= 0) throw new RangeError(`k must be a positive integer, not ${k}`);
    const vectors = this.#partitions.get(partition);
    if (vectors === undefined) return [];
    const query = this.#unit(vector);
    writeSignBits(query, this.#queryBits, 0);
    return vectors.search(query, this.#queryBits, k, this.#candidates, this.#scratch, Math.floor(now / 1000));
  }

  /** Removes every entry. */
  clear(): void {
    this.#partitions.clear();
    this.#numbered.length = 0;
    this.#freeNumbers.length = 0;
    this.#table.clear();
  }

  /** Removes every entry `doomed` picks (asked once per entry, partition by partition); how many went. */
  #removeWhere(doomed: (vectors: PartitionVectors, slot: number) => boolean): number {
    const ids: string[] = [];
    for (const vectors of this.#partitions.values()) {
      for (let slot = 0; slot < vectors.size; slot++) if (doomed(vectors, slot)) ids.push(vectors.idAt(slot));
    }
    for (const id of ids) this.remove(id);
    return ids.length;
  }

  #remove(id: string, hash: number): boolean {
    const tableSlot = this.#find(id, hash);
    if (tableSlot < 0) return false;
    const position = this.#table.positionAt(tableSlot);
    const vectors = this.#numbered[positionGroup(position)]!;
    const slot = positionIndex(position);
    this.#table.removeAt(tableSlot);
    const movedFrom = vectors.removeAt(slot);
    if (movedFrom >= 0) {
      // The partition's last entry now sits in the freed slot: point its table entry there.
      const movedHash = vectors.hashAt(slot);
      this.#table.removeAt(this.#table.slotOf(movedHash, positionOf(vectors.number, movedFrom)));
      this.#table.insert(movedHash, positionOf(vectors.number, slot));
    }
    if (vectors.size === 0) this.#close(vectors);
    return true;
  }

  /** The table slot holding `id`, or -1. */
  #find(id: string, hash: number): number {
    const table = this.#table;
    for (let tableSlot = table.home(hash); ; tableSlot = table.next(tableSlot)) {
      const position = table.positionAt(tableSlot);
      if (position < 0) return -1;
      if (table.hashAt(tableSlot) !== hash) continue;
      if (this.#numbered[positionGroup(position)]!.holds(positionIndex(position), id)) return tableSlot;
    }
  }

  #open(partition: string): PartitionVectors {
    const number = this.#freeNumbers.pop() ?? this.#numbered.length;
    const vectors = new PartitionVectors(this.dimensions, partition, number);
    this.#numbered[number] = vectors;
    this.#partitions.set(partition, vectors);
    return vectors;
  }

  #close(vectors: PartitionVectors): void {
    this.#partitions.delete(vectors.name);
    this.#numbered[vectors.number] = undefined;
    this.#freeNumbers.push(vectors.number);
  }

  /** The vector normalised into scratch space (valid until the next call): no garbage per call. */
  #unit(vector: Vector): Float32Array {
    if (vector.length !== this.dimensions) {
      throw new RangeError(`expected ${this.dimensions} dimensions, got ${vector.length}`);
    }
    this.#unitScratch.set(vector);
    return normalise(this.#unitScratch);
  }
}
