// Compact forms of an embedding for the semantic index (vector-index.ts): int8 codes for scoring
// (a quarter of float32, cosine within about 0.002) and sign bits for a Hamming prefilter (1 bit a
// dimension). Pure arithmetic on typed arrays; nothing here knows about partitions or threads.

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
