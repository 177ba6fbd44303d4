// Compact forms of an embedding: int8 codes (a quarter of float32, cosine within about 0.002),
// kept beside a cached answer and scoring the nearest prompt before it is served; int4 codes (two
// a byte, cosine within about 0.003 rms, 0.015 at worst on real prompts) ranking candidates in the
// semantic index (vector-index.ts); and sign bits for its Hamming prefilter (1 bit a dimension).
// Pure arithmetic on typed arrays; nothing here knows about partitions or threads.

/** Scales a vector to unit length in place; a zero or non-finite vector is an error. */
export function normalise(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let index = 0; index < vector.length; index++) {
    const value = vector[index] ?? 0;
    sum += value * value;
  }
  if (!(sum > 0) || !Number.isFinite(sum)) {
    throw new RangeError('an embedding must be finite and not all zeros');
  }
  const scale = 1 / Math.sqrt(sum);
  for (let index = 0; index < vector.length; index++) vector[index] = (vector[index] ?? 0) * scale;
  return vector;
}

/**
 * Writes the vector's int8 codes into `codes` at `offset` (each value scaled so the largest
 * magnitude becomes 127) and returns the inverse length of those codes, so that
 * `dot(query, codes) * inverseLength` is the cosine against a unit query.
 */
export function writeInt8(vector: Float32Array, codes: Int8Array, offset: number): number {
  let largest = 0;
  for (let index = 0; index < vector.length; index++) {
    largest = Math.max(largest, Math.abs(vector[index] ?? 0));
  }
  if (!(largest > 0)) throw new RangeError('cannot quantise a zero vector');
  const scale = 127 / largest;
  let sum = 0;
  for (let index = 0; index < vector.length; index++) {
    const code = Math.round((vector[index] ?? 0) * scale);
    codes[offset + index] = code;
    sum += code * code;
  }
  return 1 / Math.sqrt(sum);
}

/** The largest int4 code's magnitude: codes run from -7 to 7, symmetric like the int8 ones. */
const int4Top = 7;

/**
 * Values past this many root-mean-squares are clipped to ±7: with 15 levels a finer step for the
 * many small values gains more than exact outliers lose. On Gaussian directions it cuts the error
 * from 0.008 to 0.006 rms; sentence-encoder vectors, flatter, rarely reach it.
 */
const int4ClipRms = 2.6;

/** Bytes of int4 codes for a vector of `dimensions`: two a byte. */
export function int4Bytes(dimensions: number): number {
  return Math.ceil(dimensions / 2);
}

/**
 * Writes the vector's int4 codes into `packed` from byte `offset` (dimension 2i in the low half
 * of byte i, 2i+1 in the high half, each in two's complement; the largest magnitude, or
 * `int4ClipRms` root-mean-squares if less, becomes 7) and returns the inverse length of those
 * codes, as writeInt8 does.
 */
export function writeInt4(vector: Float32Array, packed: Uint8Array, offset: number): number {
  let largest = 0;
  let squares = 0;
  for (let index = 0; index < vector.length; index++) {
    const value = vector[index] ?? 0;
    largest = Math.max(largest, Math.abs(value));
    squares += value * value;
  }
  if (!(largest > 0)) throw new RangeError('cannot quantise a zero vector');
  const scale = int4Top / Math.min(largest, int4ClipRms * Math.sqrt(squares / vector.length));
  const code = (value: number) => Math.max(-int4Top, Math.min(int4Top, Math.round(value * scale)));
  let sum = 0;
  for (let index = 0; index < vector.length; index += 2) {
    const low = code(vector[index] ?? 0);
    const high = index + 1 < vector.length ? code(vector[index + 1] ?? 0) : 0;
    packed[offset + index / 2] = (low & 0x0f) | ((high & 0x0f) << 4);
    sum += low * low + high * high;
  }
  return 1 / Math.sqrt(sum);
}

/** Cosine of a unit float query against int4 codes from byte `offset` (see writeInt4). */
export function int4Cosine(
  query: Float32Array,
  packed: Uint8Array,
  offset: number,
  inverseLength: number,
): number {
  let sum = 0;
  const pairs = query.length >> 1;
  for (let pair = 0; pair < pairs; pair++) {
    const byte = packed[offset + pair]!;
    // Shifting the half to the top of 32 bits and back sign-extends it.
    sum += query[2 * pair]! * ((byte << 28) >> 28) + query[2 * pair + 1]! * ((byte << 24) >> 28);
  }
  if (query.length & 1) sum += query[query.length - 1]! * ((packed[offset + pairs]! << 28) >> 28);
  return sum * inverseLength;
}

/** How many 32-bit words hold one sign bit per dimension (even: hammingDistances takes pairs). */
export function signWords(dimensions: number): number {
  return Math.ceil(dimensions / 64) * 2;
}

/** Writes one bit per dimension (1 where the value is positive) into `bits` at word `offset`. */
export function writeSignBits(vector: Float32Array, bits: Uint32Array, offset: number): void {
  const words = signWords(vector.length);
  for (let word = 0; word < words; word++) {
    let packed = 0;
    const start = word * 32;
    const end = Math.min(start + 32, vector.length);
    for (let index = start; index < end; index++) {
      if ((vector[index] ?? 0) > 0) packed |= 1 << (index - start);
    }
    bits[offset + word] = packed >>> 0;
  }
}

/** The number of set bits in a 32-bit word (SWAR: no table, no branch). */
export function popcount(word: number): number {
  let value = word - ((word >>> 1) & 0x55555555);
  value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
  value = (value + (value >>> 4)) & 0x0f0f0f0f;
  return Math.imul(value, 0x01010101) >>> 24;
}

/** Words whose bit counts fit one byte accumulator (16 a pair of words, 255 at most). */
const wordsPerFlush = 30;

/**
 * The Hamming distance between `query` and the bit string at word `offset` of `bits`, over the
 * first `words` words (even). The hot loop of a search: bit counts are summed per byte across
 * words and folded once, about a quarter faster than a popcount per word.
 */
export function hammingDistance(
  bits: Uint32Array,
  offset: number,
  words: number,
  query: Uint32Array,
): number {
  let distance = 0;
  for (let chunk = 0; chunk < words; chunk += wordsPerFlush) {
    const end = Math.min(words, chunk + wordsPerFlush);
    let bytes = 0;
    for (let word = chunk; word < end; word += 2) {
      let first = bits[offset + word]! ^ query[word]!;
      let second = bits[offset + word + 1]! ^ query[word + 1]!;
      first -= (first >>> 1) & 0x55555555;
      second -= (second >>> 1) & 0x55555555;
      const nibbles =
        (first & 0x33333333) +
        ((first >>> 2) & 0x33333333) +
        (second & 0x33333333) +
        ((second >>> 2) & 0x33333333);
      bytes += (nibbles & 0x0f0f0f0f) + ((nibbles >>> 4) & 0x0f0f0f0f);
    }
    const halves = (bytes & 0x00ff00ff) + ((bytes >>> 8) & 0x00ff00ff);
    distance += (halves & 0xffff) + (halves >>> 16);
  }
  return distance;
}

/**
 * Hamming distances (over the first `words` words) from `query` to `count` bit strings laid
 * `stride` words apart in `bits`, into `out` from `outOffset` on, each also counted in
 * `histogram` (indexed by distance; the caller zeroes it).
 */
export function hammingDistances(
  bits: Uint32Array,
  stride: number,
  words: number,
  count: number,
  query: Uint32Array,
  out: Uint16Array,
  histogram: Uint32Array,
  outOffset = 0,
): void {
  for (let entry = 0, offset = 0; entry < count; entry++, offset += stride) {
    const distance = hammingDistance(bits, offset, words, query);
    out[outOffset + entry] = distance;
    histogram[distance]!++;
  }
}

/** Cosine of a unit float query against int8 codes at `offset` (see writeInt8). */
export function int8Cosine(
  query: Float32Array,
  codes: Int8Array,
  offset: number,
  inverseLength: number,
): number {
  let sum = 0;
  for (let index = 0; index < query.length; index++) sum += query[index]! * codes[offset + index]!;
  return sum * inverseLength;
}
