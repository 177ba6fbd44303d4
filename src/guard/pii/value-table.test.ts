import { describe, expect, it } from 'vitest';
import { ValueTable } from './value-table.js';

describe('ValueTable', () => {
  it('gives the same entry to the same characters, wherever they were read', () => {
    const table = new ValueTable();
    const text = 'jane@example.com, bob@example.org, jane@example.com';
    expect(table.entryOf(text, 0, 16)).toBe(0);
    expect(table.entryOf(text, 18, 33)).toBe(1);
    expect(table.entryOf(text, 35, 51)).toBe(0);
    expect(table.entryOf('write to jane@example.com', 9, 25)).toBe(0);
    expect(table.entryOf('jane@example.co', 0, 15)).toBe(2);
    expect(table.size).toBe(3);
    // Looked up without adding: a value not held is -1 and stays out.
    expect(table.entryOf('bob@example.org', 0, 15, false)).toBe(1);
    expect(table.entryOf('carol@example.net', 0, 17, false)).toBe(-1);
    expect(table.size).toBe(3);
    expect([0, 1, 2].map((entry) => table.value(entry))).toEqual([
      'jane@example.com',
      'bob@example.org',
      'jane@example.co',
    ]);
  });

  it('tells apart thousands of values of one length as it grows', () => {
    const table = new ValueTable();
    const numbers = Array.from({ length: 5000 }, (_, index) => String(index * 7919).padStart(8, '0'));
    const text = numbers.join(' ');
    const entries = numbers.map((_, index) => table.entryOf(text, index * 9, index * 9 + 8));
    expect(entries).toEqual(numbers.map((_, index) => index));
    // Found again from another text, in another order.
    const again = [...numbers].reverse();
    const other = again.join(',');
    expect(again.map((_, index) => table.entryOf(other, index * 9, index * 9 + 8))).toEqual(
      entries.reverse(),
    );
    expect(table.size).toBe(5000);
    expect(table.value(4999)).toBe(numbers[4999]);
  });

  it('finds values met many times, and new ones among them', () => {
    const table = new ValueTable();
    const names = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'];
    const text = Array.from({ length: 300 }, (_, index) =>
      index % 50 === 49 ? `Person ${index}` : names[index % 3]!,
    ).join('; ');
    const entries: number[] = [];
    let position = 0;
    for (const part of text.split('; ')) {
      entries.push(table.entryOf(text, position, position + part.length));
      position += part.length + 2;
    }
    const values = entries.map((entry) => table.value(entry));
    expect(values).toEqual(text.split('; '));
    expect(table.size).toBe(3 + 6);
  });

  it('keeps working, and stays linear, when every value collides (values made to, from a prompt)', () => {
    const table = new ValueTable({ hash: () => 7 });
    const numbers = Array.from({ length: 20_000 }, (_, index) => String(index).padStart(6, '0'));
    const text = numbers.join(' ');
    const started = performance.now();
    const entries = numbers.map((_, index) => table.entryOf(text, index * 7, index * 7 + 6));
    expect(entries).toEqual(numbers.map((_, index) => index));
    expect(table.flooded).toBe(true);
    // Found again, not added twice; a value not held stays out.
    expect(table.entryOf(`x ${numbers[12_345]!}`, 2, 8)).toBe(12_345);
    expect(table.entryOf('999999', 0, 6, false)).toBe(-1);
    expect(table.size).toBe(20_000);
    expect(table.value(19_999)).toBe(numbers[19_999]);
    // Probing one cluster would pass 200 million slots (seconds); the Map takes milliseconds.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('does not give up on its own hashing for ordinary values', () => {
    const table = new ValueTable();
    const text = Array.from({ length: 60_000 }, (_, index) => `user${index}@example.com`).join(' ');
    let position = 0;
    for (const value of text.split(' ')) {
      table.entryOf(text, position, position + value.length);
      position += value.length + 1;
    }
    expect(table.size).toBe(60_000);
    expect(table.flooded).toBe(false);
  });
});
