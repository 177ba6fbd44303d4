import { describe, expect, it } from 'vitest';
import { fingerprintOf, hashSuffixes, hashText, NgramTable, toLevel } from './ngram-table.js';

const options = { step: 1, backoff: 0.5 };

function tableWith(entries: Array<[string, number]>): NgramTable {
  const slots = new Uint8Array(256);
  for (const [key, nll] of entries) {
    const hash = hashText(key, 0, key.length, 1);
    slots[hash & 255] = (fingerprintOf(hash) << 4) | toLevel(nll, options.step);
  }
  return new NgramTable(slots, options);
}

describe('NgramTable', () => {
  it('returns the quantised value of a stored n-gram and nothing for an absent one', () => {
    const table = tableWith([['abc', 3]]);
    expect(table.lookup(hashText('abc', 0, 3, 1))).toBe(3);
    expect(table.lookup(hashText('xyz', 0, 3, 1))).toBeUndefined();
  });

  it('backs off to shorter n-grams with a penalty per order', () => {
    const table = tableWith([['c', 2]]);
    const text = 'abc';
    const hashesOf = (word: string): number[] => [1, 2, 3].map((length) => hashText(word, 3 - length, 3, 1));
    const surprisal = table.surprisal(hashesOf(text), 3);
    expect(surprisal).toBe(2 * options.backoff + 2);
    expect(table.surprisal(hashesOf('zzq'), 3)).toBe(3 * 0.5 + table.unseen);
  });

  it('needs a power of two of slots', () => {
    expect(() => new NgramTable(new Uint8Array(300), options)).toThrow(RangeError);
  });
});

describe('hashSuffixes', () => {
  it('hashes every n-gram ending at one place as hashText does', () => {
    const into = new Uint32Array(4);
    hashSuffixes(' hello', 5, 4, 7, into);
    expect([...into]).toEqual([1, 2, 3, 4].map((length) => hashText(' hello', 6 - length, 6, 7)));
  });
});
