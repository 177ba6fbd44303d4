import { describe, expect, it } from 'vitest';
import { readCodes, vectorFromText, vectorText } from './vector-text.js';

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
