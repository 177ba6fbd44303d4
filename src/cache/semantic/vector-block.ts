// One block of a partition's entries (partition-vectors.ts), packed in typed arrays: int8 codes for
// rescoring, an inverse length each, sign bits for the Hamming prefilter, the ids, and when each
// was filed (whole seconds), which the index's cap evicts by (oldest first). A full block
// holds `blockEntries`; only a partition's first block is smaller (most partitions stay small) and
// grows by doubling until it is full. Blocks are never reallocated once full: a partition of 100k
// entries that grew by copying into ever larger arrays left the freed ones in the allocator, some
// 30–50 MB of resident memory more than the entries (docs/decisions/0007, session 10).

import { EntryIds } from './entry-ids.js';
import { writeInt8, writeSignBits } from './quantise.js';

/** Entries of a full block: about 600 KB at 512 dimensions. */
export const blockEntries = 1024;

export class VectorBlock {
  readonly ids: EntryIds;
  codes: Int8Array;
  inverseLengths: Float32Array;
  bits: Uint32Array;
  /** When each entry was filed, in epoch seconds. */
  filed: Uint32Array;
  readonly #dimensions: number;
  readonly #words: number;

  constructor(dimensions: number, words: number, capacity: number) {
    this.#dimensions = dimensions;
    this.#words = words;
    this.ids = new EntryIds(capacity);
    this.codes = new Int8Array(capacity * dimensions);
    this.inverseLengths = new Float32Array(capacity);
    this.bits = new Uint32Array(capacity * words);
    this.filed = new Uint32Array(capacity);
  }

  get capacity(): number {
    return this.inverseLengths.length;
  }

  get bytes(): number {
    return (
      this.codes.byteLength +
      this.inverseLengths.byteLength +
      this.bits.byteLength +
      this.filed.byteLength +
      this.ids.bytes
    );
  }

  /** Writes a unit vector, its id and when it was filed (epoch seconds) at `offset`. */
  write(offset: number, id: string, hash: number, unit: Float32Array, filed: number): void {
    this.inverseLengths[offset] = writeInt8(unit, this.codes, offset * this.#dimensions);
    writeSignBits(unit, this.bits, offset * this.#words);
    this.ids.set(offset, id, hash);
    this.filed[offset] = filed;
  }

  /** Copies the entry at `source`'s `from` to `to` here. */
  copy(source: VectorBlock, from: number, to: number): void {
    const dimensions = this.#dimensions;
    const words = this.#words;
    this.codes.set(source.codes.subarray(from * dimensions, (from + 1) * dimensions), to * dimensions);
    this.bits.set(source.bits.subarray(from * words, (from + 1) * words), to * words);
    this.inverseLengths[to] = source.inverseLengths[from]!;
    this.filed[to] = source.filed[from]!;
    this.ids.copy(source.ids, from, to);
  }

  /** New room for `capacity` entries, the first ones kept (only a partition's first block). */
  resize(capacity: number): void {
    const codes = new Int8Array(capacity * this.#dimensions);
    codes.set(this.codes.subarray(0, Math.min(this.codes.length, codes.length)));
    const inverseLengths = new Float32Array(capacity);
    inverseLengths.set(this.inverseLengths.subarray(0, Math.min(this.inverseLengths.length, capacity)));
    const bits = new Uint32Array(capacity * this.#words);
    bits.set(this.bits.subarray(0, Math.min(this.bits.length, bits.length)));
    const filed = new Uint32Array(capacity);
    filed.set(this.filed.subarray(0, Math.min(this.filed.length, capacity)));
    this.codes = codes;
    this.filed = filed;
    this.inverseLengths = inverseLengths;
    this.bits = bits;
    this.ids.resize(capacity);
  }
}
