// The vectors of one partition of the semantic index, packed in typed arrays: sign bits for a
// Hamming prefilter and int8 codes for rescoring (quantise.ts), and the entries' ids (entry-ids.ts).
// A search scans only this partition, so entries of another tenant, model or context are never even
// looked at. Removal moves the last entry into the freed slot; slots are therefore not stable ids.

import { EntryIds } from './entry-ids.js';
import {
  hammingDistance,
  hammingDistances,
  int8Cosine,
  signWords,
  writeInt8,
  writeSignBits,
} from './quantise.js';

export interface ScoredId {
  id: string;
  /** Cosine similarity of the query and the stored vector (int8 precision, about ±0.002). */
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
  readonly #ids: EntryIds;
  #count = 0;
  #codes: Int8Array;
  #inverseLengths: Float32Array;
  #bits: Uint32Array;

  constructor(dimensions: number, name: string, number: number) {
    this.dimensions = dimensions;
    this.name = name;
    this.number = number;
    this.#words = signWords(dimensions);
    this.#ids = new EntryIds(initialCapacity);
    this.#codes = new Int8Array(initialCapacity * dimensions);
    this.#inverseLengths = new Float32Array(initialCapacity);
    this.#bits = new Uint32Array(initialCapacity * this.#words);
  }

  get size(): number {
    return this.#count;
  }

  /** Bytes held by the packed vectors and ids (capacity included). */
  get bytes(): number {
    return this.#codes.byteLength + this.#inverseLengths.byteLength + this.#bits.byteLength + this.#ids.bytes;
  }

  idAt(slot: number): string {
    return this.#ids.idAt(slot);
  }

  /** Whether `slot` holds the entry `id`. */
  holds(slot: number, id: string): boolean {
    return this.#ids.matches(slot, id);
  }

  /** The hash of the id in `slot` (hashId). */
  hashAt(slot: number): number {
    return this.#ids.hashAt(slot);
  }

  /** Appends a unit vector under `id` (whose hashId is `hash`); returns its slot. */
  add(id: string, hash: number, unit: Float32Array): number {
    const slot = this.#count;
    if (slot === this.#inverseLengths.length) this.#grow(slot * 2);
    this.#inverseLengths[slot] = writeInt8(unit, this.#codes, slot * this.dimensions);
    writeSignBits(unit, this.#bits, slot * this.#words);
    this.#ids.set(slot, id, hash);
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
    let moved = -1;
    if (slot !== last) {
      const dimensions = this.dimensions;
      this.#codes.copyWithin(slot * dimensions, last * dimensions, (last + 1) * dimensions);
      this.#bits.copyWithin(slot * this.#words, last * this.#words, (last + 1) * this.#words);
      this.#inverseLengths[slot] = this.#inverseLengths[last] ?? 0;
      this.#ids.move(last, slot);
      moved = last;
    }
    this.#ids.clear(last);
    this.#count--;
    if (this.#count > initialCapacity && this.#count * 4 < this.#inverseLengths.length) {
      this.#grow(this.#inverseLengths.length / 2);
    }
    return moved;
  }

  /**
   * The `k` best entries for a unit query, best first. Sign bits first: in a large partition the
   * first half of every entry's bits picks `prefilterFactor × candidates` entries, all their bits
   * pick `candidates` of those; in a small one all bits of every entry do. The survivors are
   * rescored with their int8 codes.
   */
  search(
    query: Float32Array,
    queryBits: Uint32Array,
    k: number,
    candidates: number,
    scratch: SearchScratch,
  ): ScoredId[] {
    const count = this.#count;
    if (count === 0 || k <= 0) return [];
    const wanted = Math.max(candidates, k);
    const words = this.#words;
    const twoStages = words >= 4 && count > wanted * prefilterFactor;
    ensureScratch(scratch, count);
    const { distances, histogram, slots } = scratch;
    histogram.fill(0);
    hammingDistances(
      this.#bits,
      words,
      twoStages ? halfWords(words) : words,
      count,
      queryBits,
      distances,
      histogram,
    );
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
        const distance = hammingDistance(this.#bits, slots[index]! * words, words, queryBits);
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
      const score = int8Cosine(query, this.#codes, slot * this.dimensions, this.#inverseLengths[slot]!);
      insertBest(best, slot, score, k);
    }
    return best.map(({ slot, score }) => ({ id: this.#ids.idAt(slot), score }));
  }

  #grow(capacity: number): void {
    const codes = new Int8Array(capacity * this.dimensions);
    codes.set(this.#codes.subarray(0, Math.min(this.#codes.length, codes.length)));
    const inverseLengths = new Float32Array(capacity);
    inverseLengths.set(this.#inverseLengths.subarray(0, Math.min(this.#inverseLengths.length, capacity)));
    const bits = new Uint32Array(capacity * this.#words);
    bits.set(this.#bits.subarray(0, Math.min(this.#bits.length, bits.length)));
    this.#codes = codes;
    this.#inverseLengths = inverseLengths;
    this.#bits = bits;
    this.#ids.resize(capacity);
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
