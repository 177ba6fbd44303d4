import { describe, expect, it } from 'vitest';
import { hashKey, PositionTable, positionGroup, positionIndex, positionOf } from './position-table.js';

/** Every (hash, position) the index holds, found by probing as a reader would. */
function held(index: PositionTable, entries: Map<number, number>): boolean {
  for (const [position, hash] of entries) if (index.slotOf(hash, position) < 0) return false;
  return true;
}

describe('PositionTable', () => {
  it('finds entries whose hashes collide, and keeps finding them after removals in the run', () => {
    const index = new PositionTable();
    const entries = new Map<number, number>();
    for (let position = 0; position < 8; position++) {
      index.insert(42, position); // all share one home slot
      entries.set(position, 42);
    }
    index.insert(43, 100); // its home slot is taken by the run of 42s
    entries.set(100, 43);
    for (const position of [0, 3, 7]) {
      index.removeAt(index.slotOf(42, position));
      entries.delete(position);
      expect(held(index, entries)).toBe(true);
      expect(index.slotOf(42, position)).toBe(-1);
    }
    expect(index.size).toBe(6);
  });

  it('stays correct across growth and wrap-around, against a model, under random work', () => {
    const index = new PositionTable();
    const entries = new Map<number, number>();
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let step = 0; step < 30_000; step++) {
      const position = random() % 5000;
      // Few distinct hashes near the top of the table, so runs collide and wrap past its end.
      const hash = 1023 - (random() % 40);
      if (entries.has(position)) {
        index.removeAt(index.slotOf(entries.get(position)!, position));
        entries.delete(position);
      } else {
        index.insert(hash, position);
        entries.set(position, hash);
      }
      expect(index.size).toBe(entries.size);
    }
    expect(held(index, entries)).toBe(true);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.slotOf(1000, [...entries.keys()][0]!)).toBe(-1);
  });

  it('hashes with FNV-1a over UTF-16 code units, and packs a group and an index in a position', () => {
    // FNV-1a 32-bit of the empty string and of "a" (a published test vector).
    expect(hashKey('')).toBe(0x811c9dc5);
    expect(hashKey('a')).toBe(0xe40c292c);
    const position = positionOf(15, 2 ** 32 - 1);
    expect([positionGroup(position), positionIndex(position)]).toEqual([15, 2 ** 32 - 1]);
  });
});
