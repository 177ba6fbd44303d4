import { describe, expect, it } from 'vitest';
import { RecordWriterQueue } from './record-writer-queue.js';

describe('RecordWriterQueue', () => {
  it('refuses pushes past its capacity', () => {
    const queue = new RecordWriterQueue<number>(3);
    expect([1, 2, 3, 4].map((value) => queue.push(value))).toEqual([true, true, true, false]);
    expect(queue.full).toBe(true);
    expect(queue.length).toBe(3);
  });

  it('takes oldest first across the wrap-around of its ring', () => {
    const queue = new RecordWriterQueue<number>(4);
    for (const value of [1, 2, 3, 4]) queue.push(value);
    expect(queue.take(3)).toEqual([1, 2, 3]);
    for (const value of [5, 6, 7]) expect(queue.push(value)).toBe(true);
    expect(queue.push(8)).toBe(false);
    expect(queue.take(2)).toEqual([4, 5]);
    expect(queue.takeAll()).toEqual([6, 7]);
    expect(queue.length).toBe(0);
    expect(queue.take(5)).toEqual([]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RecordWriterQueue(0)).toThrow(RangeError);
    expect(() => new RecordWriterQueue(1.5)).toThrow(RangeError);
  });
});
