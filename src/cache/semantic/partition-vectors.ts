// The vectors of one partition of the semantic index, in blocks of packed typed arrays
// (vector-block.ts): sign bits for a Hamming prefilter, int4 codes for rescoring (quantise.ts) and
// the entries' ids. A search scans only this partition, so entries of another tenant, model or
// context are never even looked at. Removal moves the last entry into the freed slot; slots are
// therefore not stable ids. Slot s lives in block s / blockEntries at s % blockEntries.

import { hammingDistance, hammingDistances, int4Cosine, signWords } from './quantise.js';
import { blockEntries, hasExpired, VectorBlock } from './vector-block.js';

export interface ScoredId {
  id: string;
  /**
   * Cosine similarity of the query and the stored vector at int4 precision (about 0.003 rms, 0.015
   * at worst): good to rank by; a score to serve by is recomputed from the answer's int8 codes.
   */
  score: number;
}

/** Scratch space one search reuses; shared by every partition of an index (one thread). */
export interface SearchScratch {
  distances: Uint16Array;
  histogram: Uint32Array;
  slots: Uint32Array;
  chosen: Uint32Array;
}

export function searchScratch(dimensions: number): SearchScratch {
  return {
    distances: new Uint16Array(1024),
    histogram: new Uint32Array(signWords(dimensions) * 32 + 1),
    slots: new Uint32Array(1024),
    chosen: new Uint32Array(1024),
  };
}

/** In a large partition, how many entries per rescored candidate the first half of the bits keeps. */
const prefilterFactor = 8;

/** Room for one entry at first: most partitions (one context of one tenant) stay small. */
const initialCapacity = 1;

export class PartitionVectors {
  readonly dimensions: number;
  /** The partition's key, and its number in the index (entry positions carry it). */
  readonly name: string;
  readonly number: number;
  readonly #words: number;
  readonly #blocks: VectorBlock[];
  #count = 0;

  constructor(dimensions: number, name: string, number: number) {
    this.dimensions = dimensions;
    this.name = name;
    this.number = number;
    this.#words = signWords(dimensions);
    this.#blocks = [new VectorBlock(dimensions, this.#words, initialCapacity)];
  }

  get size(): number {
    return this.#count;
  }

  /** Bytes held by the packed vectors and ids (room included). */
  get bytes(): number {
    return this.#blocks.reduce((sum, block) => sum + block.bytes, 0);
  }

  idAt(slot: number): string {
    return this.#blockOf(slot).ids.idAt(slot % blockEntries);
  }

  /** Whether `slot` holds the entry `id`. */
  holds(slot: number, id: string): boolean {
    return this.#blockOf(slot).ids.matches(slot % blockEntries, id);
  }

  /** When the entry in `slot` was filed, in epoch seconds. */
  filedAt(slot: number): number {
    return this.#blockOf(slot).filed[slot % blockEntries]!;
  }

  /** When the answer of the entry in `slot` expires, in epoch seconds (0: not known to). */
  expiresAt(slot: number): number {
    return this.#blockOf(slot).expires[slot % blockEntries]!;
  }

  /** The hash of the id in `slot` (hashKey). */
  hashAt(slot: number): number {
    return this.#blockOf(slot).ids.hashAt(slot % blockEntries);
  }

  /**
   * Appends a unit vector under `id` (whose hashKey is `hash`), filed at `filed` and expiring at
   * `expires` (epoch seconds, 0 for never); returns its slot.
   */
  add(id: string, hash: number, unit: Float32Array, filed: number, expires: number): number {
    const slot = this.#count;
    const offset = slot % blockEntries;
    let block = this.#blocks[Math.floor(slot / blockEntries)];
    if (block === undefined) {
      block = new VectorBlock(this.dimensions, this.#words, blockEntries);
      this.#blocks.push(block);
    } else if (offset === block.capacity) {
      block.resize(Math.min(blockEntries, block.capacity * 2));
    }
    block.write(offset, id, hash, unit, filed, expires);
    this.#count++;
    return slot;
  }

  /**
   * Frees a slot by moving the last entry into it. Returns the slot that entry came from, or -1
   * when the freed slot was the last.
   */
  removeAt(slot: number): number {
    const last = this.#count - 1;
    if (slot < 0 || slot > last) throw new RangeError(`no slot ${slot}`);
    const lastBlock = this.#blockOf(last);
    let moved = -1;
    if (slot !== last) {
      this.#blockOf(slot).copy(lastBlock, last % blockEntries, slot % blockEntries);
      moved = last;
    }
    lastBlock.ids.clear(last % blockEntries);
    this.#count--;
    this.#shrink();
    return moved;
  }

  /**
   * The `k` best entries for a unit query, best first. Sign bits first: in a large partition the
   * first half of every entry's bits picks `prefilterFactor × candidates` entries, all their bits
   * pick `candidates` of those; in a small one all bits of every entry do. The survivors are
   * rescored with their int4 codes; those whose answers expired by `now` (epoch seconds) are passed by.
   */
  search(
    query: Float32Array,
    queryBits: Uint32Array,
    k: number,
    candidates: number,
    scratch: SearchScratch,
    now: number,
  ): ScoredId[] {
    const count = this.#count;
    if (count === 0 || k <= 0) return [];
    const wanted = Math.max(candidates, k);
    const words = this.#words;
    const twoStages = words >= 4 && count > wanted * prefilterFactor;
    ensureScratch(scratch, count);
    const { distances, histogram, slots } = scratch;
    histogram.fill(0);
    const prefixWords = twoStages ? halfWords(words) : words;
    this.#blocks.forEach((block, index) => {
      const first = index * blockEntries;
      const entries = Math.min(block.capacity, count - first);
      if (entries > 0) {
        hammingDistances(block.bits, words, prefixWords, entries, queryBits, distances, histogram, first);
      }
    });
    let selected = selectClosest(
      distances,
      count,
      twoStages ? wanted * prefilterFactor : wanted,
      histogram,
      slots,
    );
    if (twoStages) {
      histogram.fill(0);
      for (let index = 0; index < selected; index++) {
        const slot = slots[index]!;
        const distance = hammingDistance(
          this.#blockOf(slot).bits,
          (slot % blockEntries) * words,
          words,
          queryBits,
        );
        distances[index] = distance;
        histogram[distance]!++;
      }
      const chosen = scratch.chosen;
      const survivors = selectClosest(distances, selected, wanted, histogram, chosen);
      for (let index = 0; index < survivors; index++) chosen[index] = slots[chosen[index]!]!;
      slots.set(chosen.subarray(0, survivors));
      selected = survivors;
    }
    const best: ScoredSlot[] = [];
    for (let index = 0; index < selected; index++) {
      const slot = slots[index]!;
      const block = this.#blockOf(slot);
      const offset = slot % blockEntries;
      if (hasExpired(block.expires[offset]!, now)) continue;
      const score = int4Cosine(query, block.codes, offset * block.codeBytes, block.inverseLengths[offset]!);
      insertBest(best, slot, score, k);
    }
    return best.map(({ slot, score }) => ({ id: this.idAt(slot), score }));
  }

  #blockOf(slot: number): VectorBlock {
    return this.#blocks[Math.floor(slot / blockEntries)]!;
  }

  /**
   * Lets go of room no longer needed: a trailing block once the one before it is empty too (one
   * empty block is kept, so entries coming and going at a boundary do not allocate each time),
   * and half of a lone first block while under a quarter of it is used.
   */
  #shrink(): void {
    const blocks = this.#blocks;
    if (blocks.length > 1) {
      if (this.#count <= (blocks.length - 2) * blockEntries) blocks.pop();
      return;
    }
    const first = blocks[0]!;
    if (this.#count > initialCapacity && this.#count * 4 < first.capacity) first.resize(first.capacity / 2);
  }
}

/**
 * Writes to `out` the indices of the `wanted` smallest of `distances[0..count)` (ties at the
 * cutoff taken in order) and returns how many it wrote. The cutoff is read off `histogram`, the
 * count of each distance, so there is no sort.
 */
function selectClosest(
  distances: Uint16Array,
  count: number,
  wanted: number,
  histogram: Uint32Array,
  out: Uint32Array,
): number {
  let cutoff = histogram.length;
  let atCutoff = 0;
  if (wanted < count) {
    let below = 0;
    for (let distance = 0; distance < histogram.length; distance++) {
      const here = histogram[distance]!;
      if (below + here >= wanted) {
        cutoff = distance;
        atCutoff = wanted - below;
        break;
      }
      below += here;
    }
  }
  let written = 0;
  for (let index = 0; index < count; index++) {
    const distance = distances[index]!;
    if (distance > cutoff) continue;
    if (distance === cutoff) {
      if (atCutoff === 0) continue;
      atCutoff--;
    }
    out[written++] = index;
  }
  return written;
}

/** The first half of an even number of words, itself even (hammingDistance takes pairs). */
function halfWords(words: number): number {
  return Math.max(2, Math.floor(words / 4) * 2);
}

function ensureScratch(scratch: SearchScratch, count: number): void {
  if (scratch.distances.length >= count) return;
  const size = Math.max(count, scratch.distances.length * 2);
  scratch.distances = new Uint16Array(size);
  scratch.slots = new Uint32Array(size);
  scratch.chosen = new Uint32Array(size);
}

interface ScoredSlot {
  slot: number;
  score: number;
}

/** Keeps `best` sorted by score (highest first) and at most `k` long. */
function insertBest(best: ScoredSlot[], slot: number, score: number, k: number): void {
  if (best.length === k && score <= best[k - 1]!.score) return;
  let position = best.length;
  while (position > 0 && best[position - 1]!.score < score) position--;
  best.splice(position, 0, { slot, score });
  if (best.length > k) best.pop();
}
