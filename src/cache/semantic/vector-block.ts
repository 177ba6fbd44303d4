// One block of a partition's entries (partition-vectors.ts), packed in typed arrays: int4 codes for
// rescoring (two a byte: at 100k entries of 512 dimensions, 25.6 MB less than int8 codes would
// take; the score a cached answer is served by is recomputed from its stored int8 codes, in
// semantic-lookup.ts), an inverse length each, sign bits for the Hamming prefilter, the ids, when
// each was filed (whole seconds), which the index's cap evicts by (oldest first), and when its
// answer expires (whole seconds, 0 for never), after which searches pass it by. A full block
// holds `blockEntries`; only a partition's first block is smaller (most partitions stay small) and
// grows by doubling until it is full. Blocks are never reallocated once full: a partition of 100k
// entries that grew by copying into ever larger arrays left the freed ones in the allocator, some
// 30–50 MB of resident memory more than the entries (docs/decisions/0007, session 10).

import { EntryIds } from './entry-ids.js';
import { int4Bytes, writeInt4, writeSignBits } from './quantise.js';

/** Whether an entry expiring at `expires` (epoch seconds; 0: never) has expired by `now` (seconds). */
export function hasExpired(expires: number, now: number): boolean {
  return expires !== 0 && expires <= now;
}

/** Entries of a full block: about 370 KB at 512 dimensions. */
export const blockEntries = 1024;

export class VectorBlock {
  readonly ids: EntryIds;
  /** Int4 codes, `codeBytes` per entry. */
  codes: Uint8Array;
  inverseLengths: Float32Array;
  bits: Uint32Array;
  /** When each entry was filed, in epoch seconds. */
  filed: Uint32Array;
  /** When each entry's answer expires, in epoch seconds; 0: not known to expire. */
  expires: Uint32Array;
  readonly codeBytes: number;
  readonly #words: number;

  constructor(dimensions: number, words: number, capacity: number) {
    this.codeBytes = int4Bytes(dimensions);
    this.#words = words;
    this.ids = new EntryIds(capacity);
    this.codes = new Uint8Array(capacity * this.codeBytes);
    this.inverseLengths = new Float32Array(capacity);
    this.bits = new Uint32Array(capacity * words);
    this.filed = new Uint32Array(capacity);
    this.expires = new Uint32Array(capacity);
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
      this.expires.byteLength +
      this.ids.bytes
    );
  }

  /** Writes a unit vector, its id, when it was filed and when it expires (epoch seconds) at `offset`. */
  write(offset: number, id: string, hash: number, unit: Float32Array, filed: number, expires: number): void {
    this.inverseLengths[offset] = writeInt4(unit, this.codes, offset * this.codeBytes);
    writeSignBits(unit, this.bits, offset * this.#words);
    this.ids.set(offset, id, hash);
    this.filed[offset] = filed;
    this.expires[offset] = expires;
  }

  /** Copies the entry at `source`'s `from` to `to` here. */
  copy(source: VectorBlock, from: number, to: number): void {
    const bytes = this.codeBytes;
    const words = this.#words;
    this.codes.set(source.codes.subarray(from * bytes, (from + 1) * bytes), to * bytes);
    this.bits.set(source.bits.subarray(from * words, (from + 1) * words), to * words);
    this.inverseLengths[to] = source.inverseLengths[from]!;
    this.filed[to] = source.filed[from]!;
    this.expires[to] = source.expires[from]!;
    this.ids.copy(source.ids, from, to);
  }

  /** New room for `capacity` entries, the first ones kept (only a partition's first block). */
  resize(capacity: number): void {
    const codes = new Uint8Array(capacity * this.codeBytes);
    codes.set(this.codes.subarray(0, Math.min(this.codes.length, codes.length)));
    const inverseLengths = new Float32Array(capacity);
    inverseLengths.set(this.inverseLengths.subarray(0, Math.min(this.inverseLengths.length, capacity)));
    const bits = new Uint32Array(capacity * this.#words);
    bits.set(this.bits.subarray(0, Math.min(this.bits.length, bits.length)));
    const filed = new Uint32Array(capacity);
    filed.set(this.filed.subarray(0, Math.min(this.filed.length, capacity)));
    const expires = new Uint32Array(capacity);
    expires.set(this.expires.subarray(0, Math.min(this.expires.length, capacity)));
    this.codes = codes;
    this.filed = filed;
    this.expires = expires;
    this.inverseLengths = inverseLengths;
    this.bits = bits;
    this.ids.resize(capacity);
  }
}
