import { describe, expect, it } from 'vitest';
import { appendAll } from './append-all.js';

describe('appendAll', () => {
  it('appends in order, in place, from any iterable', () => {
    const list = [1];
    expect(appendAll(list, [2, 3])).toBe(list);
    expect(appendAll(list, new Set([4]))).toEqual([1, 2, 3, 4]);
  });

  it('takes more items than a call takes arguments', () => {
    const many = Array.from({ length: 500_000 }, (_, index) => index);
    expect(() => [].push(...(many as never[]))).toThrow(RangeError);
    expect(appendAll<number>([], many)).toHaveLength(500_000);
  });
});
