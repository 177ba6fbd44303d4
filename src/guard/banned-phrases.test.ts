import { describe, expect, it } from 'vitest';
import { phraseFinder } from './banned-phrases.js';

describe('phraseFinder', () => {
  const find = phraseFinder(['Atlas', 'project atlas', 'C++', 'wire transfer']);

  it('finds listed phrases ignoring case and spacing, naming the entry by its place', () => {
    const text = 'About PROJECT   Atlas: use a Wire\nTransfer, not C++.';
    expect(find(text).map((entity) => [text.slice(entity.start, entity.end), entity.kind])).toEqual([
      ['PROJECT   Atlas', 'phrase 2'],
      ['Wire\nTransfer', 'phrase 4'],
      ['C++', 'phrase 3'],
    ]);
  });

  it('respects word edges', () => {
    expect(find('Atlassian atlases and xatlas')).toEqual([]);
    expect(find('the atlas.')).toHaveLength(1);
  });

  it('treats regular-expression characters in phrases as text', () => {
    expect(phraseFinder(['a.b', '(x)'])('axb a.b (x)').map((entity) => entity.kind)).toEqual([
      'phrase 1',
      'phrase 2',
    ]);
  });

  it('stays linear on a megabyte of near misses', () => {
    const many = phraseFinder(Array.from({ length: 100 }, (_, index) => `term${index} alpha`));
    const text = 'term1 alph '.repeat(100_000);
    const started = performance.now();
    expect(many(text)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
