import { describe, expect, it } from 'vitest';
import { fingerprintOf, hashText, hashUnits, NgramTable, toLevel } from './ngram-table.js';

const options = { step: 1, backoff: 0.5 };
const namespace = 1;

function tableWith(hashes: Array<[number, number]>): NgramTable {
  const slots = new Uint8Array(256);
  for (const [hash, nll] of hashes)
    slots[hash & 255] = (fingerprintOf(hash) << 4) | toLevel(nll, options.step);
  return new NgramTable(slots, options);
}

const textHash = (key: string): number => hashText(key, 0, key.length, namespace);
const codes = (text: string): number[] => [...text].map((character) => character.charCodeAt(0));

describe('NgramTable', () => {
  it('returns the quantised value of a stored n-gram and nothing for an absent one', () => {
    const table = tableWith([[textHash('abc'), 3]]);
    expect(table.lookup(textHash('abc'))).toBe(3);
    expect(table.lookup(textHash('xyz'))).toBeUndefined();
  });

  it('reads the longest stored n-gram ending at a character', () => {
    const table = tableWith([
      [textHash('bc'), 4],
      [textHash('abc'), 1],
    ]);
    expect(table.surprisal(codes('abc'), 2, 3, namespace)).toBe(1);
  });

  it('backs off to shorter n-grams with a penalty per order', () => {
    const table = tableWith([[textHash('c'), 2]]);
    expect(table.surprisal(codes('abc'), 2, 3, namespace)).toBe(2 * options.backoff + 2);
    expect(table.surprisal(codes('zzq'), 2, 3, namespace)).toBe(3 * options.backoff + table.unseen);
  });

  it('hashes runs of units the same way for shapes', () => {
    const units = [11, 22, 33];
    const table = tableWith([[hashUnits(units, 1, 3, namespace), 5]]);
    expect(table.surprisal(units, 2, 3, namespace)).toBe(options.backoff + 5);
  });

  it('needs a power of two of slots', () => {
    expect(() => new NgramTable(new Uint8Array(300), options)).toThrow(RangeError);
  });
});
