import { describe, expect, it } from 'vitest';
import { readCodes, textCosine, vectorFromText, vectorText } from './vector-text.js';

function cosine(left: Float32Array, right: Float32Array): number {
  let dot = 0;
  let leftSum = 0;
  let rightSum = 0;
  for (let index = 0; index < left.length; index++) {
    dot += left[index]! * right[index]!;
    leftSum += left[index]! ** 2;
    rightSum += right[index]! ** 2;
  }
  return dot / Math.sqrt(leftSum * rightSum);
}

describe('vectorText', () => {
  it("keeps a vector's direction within 0.002 in a quarter of its float32 size", () => {
    const vector = Float32Array.from({ length: 512 }, (_, index) => Math.sin(index * 1.7) * (index % 7));
    const text = vectorText(vector);
    expect(text.length).toBeLessThanOrEqual(Math.ceil(512 / 3) * 4);
    const back = vectorFromText(text, 512)!;
    expect(cosine(vector, back)).toBeGreaterThan(0.998);
  });

  it('refuses text of the wrong length or an all-zero vector', () => {
    expect(vectorFromText(vectorText(new Float32Array([1, 2, 3])), 512)).toBeUndefined();
    expect(vectorFromText(Buffer.alloc(512).toString('base64'), 512)).toBeUndefined();
    expect(vectorFromText('not base64 at all!', 512)).toBeUndefined();
  });

  it('reads the codes of a vector text into a block, at an offset, without touching the rest', () => {
    const text = vectorText(new Float32Array([0.5, -1, 0.25, 0]));
    const block = new Int8Array(10).fill(9);
    expect(readCodes(text, 4, block, 3)).toBe(true);
    expect(Array.from(block)).toEqual([9, 9, 9, 64, -127, 32, 0, 9, 9, 9]);
    // Wrong size, no room left, not base64 of that size: nothing written.
    const untouched = new Int8Array(4);
    expect(readCodes(text, 3, untouched, 0)).toBe(false);
    expect(readCodes(text, 4, untouched, 1)).toBe(false);
    expect(readCodes('not a vector', 4, untouched, 0)).toBe(false);
    expect(Array.from(untouched)).toEqual([0, 0, 0, 0]);
  });
});

describe('textCosine', () => {
  it("scores a query against a stored vector's text within 0.002 of the float cosine, at any scale", () => {
    const stored = Float32Array.from({ length: 512 }, (_, index) => Math.sin(index * 1.7) * (index % 7));
    const query = Float32Array.from(
      { length: 512 },
      (_, index) => 3 * Math.sin(index * 1.7 + 0.4) * (index % 5),
    );
    const score = textCosine(query, vectorText(stored))!;
    expect(Math.abs(score - cosine(query, stored))).toBeLessThan(0.002);
    expect(textCosine(stored, vectorText(stored))).toBeCloseTo(1, 4);
  });

  it('gives undefined for text of other dimensions, not base64 codes, or a zero query', () => {
    const text = vectorText(new Float32Array([1, 2, 3, 4]));
    expect(textCosine(new Float32Array(8).fill(1), text)).toBeUndefined();
    expect(textCosine(new Float32Array(4).fill(1), 'not a vector')).toBeUndefined();
    expect(textCosine(new Float32Array(4), text)).toBeUndefined();
  });
});
