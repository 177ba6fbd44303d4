import { describe, expect, it } from 'vitest';
import {
  hammingDistances,
  int4Bytes,
  int4Cosine,
  int8Cosine,
  normalise,
  popcount,
  signWords,
  writeInt4,
  writeInt8,
  writeSignBits,
} from './quantise.js';
import { randomUnitVector, seededRandom } from './test-vectors.js';

function cosine(left: Float32Array, right: Float32Array): number {
  let dot = 0;
  for (let index = 0; index < left.length; index++) dot += left[index]! * right[index]!;
  return dot;
}

describe('normalise', () => {
  it('scales to unit length in place', () => {
    const vector = new Float32Array([3, 4]);
    expect(normalise(vector)).toBe(vector);
    expect(Array.from(vector)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
  });

  it('rejects zero, NaN and infinite vectors', () => {
    expect(() => normalise(new Float32Array(4))).toThrow(RangeError);
    expect(() => normalise(new Float32Array([1, Number.NaN]))).toThrow(RangeError);
    expect(() => normalise(new Float32Array([1, Number.POSITIVE_INFINITY]))).toThrow(RangeError);
  });
});

describe('popcount', () => {
  it('counts set bits of 32-bit words', () => {
    expect(popcount(0)).toBe(0);
    expect(popcount(1)).toBe(1);
    expect(popcount(0xffffffff)).toBe(32);
    expect(popcount(0x80000000)).toBe(1);
    expect(popcount(0b1011_0110)).toBe(5);
    const random = seededRandom(3);
    for (let trial = 0; trial < 200; trial++) {
      const word = Math.floor(random() * 2 ** 32);
      const expected = word
        .toString(2)
        .split('')
        .filter((bit) => bit === '1').length;
      expect(popcount(word)).toBe(expected);
    }
  });
});

describe('writeSignBits', () => {
  it('sets one bit per positive dimension, in order, across words', () => {
    const vector = new Float32Array(40);
    vector[0] = 0.5;
    vector[31] = 0.1;
    vector[32] = 0.2;
    vector[39] = 1;
    vector[5] = -1;
    const bits = new Uint32Array(signWords(40) + 1).fill(0xdeadbeef);
    writeSignBits(vector, bits, 1);
    expect(signWords(40)).toBe(2);
    expect(bits[0]).toBe(0xdeadbeef);
    expect(bits[1]).toBe((1 | (1 << 31)) >>> 0);
    expect(bits[2]).toBe(1 | (1 << 7));
  });
});

describe('hammingDistances', () => {
  it.each([2, 16, 48, 64])(
    'equals a popcount per word, over %i words (byte sums flushed in time)',
    (words) => {
      const random = seededRandom(words);
      const word = (): number => Math.floor(random() * 2 ** 32);
      const count = 50;
      const bits = Uint32Array.from({ length: count * words }, word);
      const query = Uint32Array.from({ length: words }, word);
      // The extremes for the byte accumulators: every bit different (entry 0), and none (entry 1).
      for (let index = 0; index < words; index++) {
        bits[index] = ~query[index]! >>> 0;
        bits[words + index] = query[index]!;
      }
      const out = new Uint16Array(count);
      const histogram = new Uint32Array(words * 32 + 1);
      hammingDistances(bits, words, words, count, query, out, histogram);
      for (let entry = 0; entry < count; entry++) {
        let expected = 0;
        for (let index = 0; index < words; index++)
          expected += popcount(bits[entry * words + index]! ^ query[index]!);
        expect(out[entry]).toBe(expected);
      }
      expect(out[0]).toBe(words * 32);
      expect(out[1]).toBe(0);
      expect(histogram.reduce((sum, value) => sum + value, 0)).toBe(count);
      expect(histogram[0]).toBe(1);
      expect(histogram[out[5]!]).toBe(out.filter((distance) => distance === out[5]).length);
    },
  );

  it('reaches the full width when every bit differs', () => {
    const words = 48;
    const out = new Uint16Array(1);
    const histogram = new Uint32Array(words * 32 + 1);
    hammingDistances(
      new Uint32Array(words).fill(0xffffffff),
      words,
      words,
      1,
      new Uint32Array(words),
      out,
      histogram,
    );
    expect(histogram[words * 32]).toBe(1);
    expect(out[0]).toBe(words * 32);
  });
});

describe('int8 codes', () => {
  it('keep the cosine of unit vectors within 0.005', () => {
    const random = seededRandom(11);
    const codes = new Int8Array(512 * 2);
    for (let trial = 0; trial < 50; trial++) {
      const stored = randomUnitVector(512, random);
      const query = randomUnitVector(512, random);
      // Mix in part of the stored vector so scores cover similar pairs, not only ~0.
      const mix = trial / 50;
      for (let index = 0; index < 512; index++) query[index] = query[index]! + mix * 3 * stored[index]!;
      normalise(query);
      const inverseLength = writeInt8(stored, codes, 512);
      expect(int8Cosine(query, codes, 512, inverseLength)).toBeCloseTo(cosine(query, stored), 2);
      expect(Math.abs(int8Cosine(query, codes, 512, inverseLength) - cosine(query, stored))).toBeLessThan(
        0.005,
      );
    }
  });

  it('code the largest magnitude as ±127', () => {
    const codes = new Int8Array(3);
    writeInt8(new Float32Array([0.1, -0.4, 0.3]), codes, 0);
    expect(Array.from(codes)).toEqual([32, -127, 95]);
  });

  it('reject a zero vector', () => {
    expect(() => writeInt8(new Float32Array(3), new Int8Array(3), 0)).toThrow(RangeError);
  });
});

describe('int4 codes', () => {
  it('keep the cosine of unit vectors within 0.02 at 512 dimensions, in half the int8 room', () => {
    const random = seededRandom(12);
    expect(int4Bytes(512)).toBe(256);
    const packed = new Uint8Array(256 * 2);
    let squares = 0;
    for (let trial = 0; trial < 200; trial++) {
      const stored = randomUnitVector(512, random);
      const query = randomUnitVector(512, random);
      const mix = trial / 200;
      for (let index = 0; index < 512; index++) query[index] = query[index]! + mix * 3 * stored[index]!;
      normalise(query);
      const inverseLength = writeInt4(stored, packed, 256);
      const error = int4Cosine(query, packed, 256, inverseLength) - cosine(query, stored);
      expect(Math.abs(error)).toBeLessThan(0.02);
      squares += error * error;
    }
    // Typical error, not only the worst: about 0.006 rms on Gaussian directions (0.008 unclipped).
    expect(Math.sqrt(squares / 200)).toBeLessThan(0.007);
  });

  it("pack dimension 2i low and 2i+1 high, in two's complement, the largest magnitude as ±7", () => {
    const packed = new Uint8Array(2);
    // Scale 7 / 0.4: 1.75 -> 2, -0.4 -> -7, 5.25 -> 5.
    const inverseLength = writeInt4(new Float32Array([0.1, -0.4, 0.3]), packed, 0);
    expect(Array.from(packed)).toEqual([0x02 | (0x9 << 4), 0x05]);
    expect(inverseLength).toBeCloseTo(1 / Math.sqrt(4 + 49 + 25), 9);
    // An odd length: the last byte's high half is unused and does not count.
    packed[1] = packed[1]! | 0xf0;
    const query = new Float32Array([0, 0, 1]);
    expect(int4Cosine(query, packed, 0, inverseLength)).toBeCloseTo(5 * inverseLength, 9);
    expect(int4Cosine(new Float32Array([0, 1, 0]), packed, 0, inverseLength)).toBeCloseTo(
      -7 * inverseLength,
      9,
    );
  });

  it('reject a zero vector', () => {
    expect(() => writeInt4(new Float32Array(4), new Uint8Array(2), 0)).toThrow(RangeError);
  });

  it('clip values far past the root-mean-square to ±7, so the many small ones keep a finer step', () => {
    // One outlier of 10 among 63 ones: rms ≈ 1.6, so 7 codes about 4.1, not 10.
    const vector = new Float32Array(64).fill(1);
    vector[5] = -10;
    const packed = new Uint8Array(32);
    writeInt4(vector, packed, 0);
    expect((packed[2]! << 24) >> 28).toBe(-7);
    expect((packed[0]! << 28) >> 28).toBe(2);
  });
});
