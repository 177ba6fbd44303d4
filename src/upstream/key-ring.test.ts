import { describe, expect, it } from 'vitest';
import { KeyRings } from './key-ring.js';

describe('KeyRings', () => {
  it('spreads requests across credentials in turn', () => {
    const rings = new KeyRings();
    const keys = ['a', 'b', 'c'];
    expect([1, 2, 3, 4, 5, 6].map(() => rings.pick('openai', keys))).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('keeps one ring per deployment', () => {
    const rings = new KeyRings();
    expect(rings.pick('east', ['e1', 'e2'])).toBe('e1');
    expect(rings.pick('west', ['w1', 'w2'])).toBe('w1');
    expect(rings.pick('east', ['e1', 'e2'])).toBe('e2');
  });

  it('returns the only key, or none, without bookkeeping', () => {
    const rings = new KeyRings();
    expect(rings.pick('one', ['k'])).toBe('k');
    expect(rings.pick('none', [])).toBe('');
    expect(rings.reject('one', ['k'], 'k')).toBe(false);
  });

  it('benches a rejected credential until its time is up', () => {
    let now = 1_000;
    const rings = new KeyRings({ benchMs: 500, now: () => now });
    const keys = ['old', 'new'];
    expect(rings.reject('azure', keys, 'old')).toBe(true);
    expect([1, 2, 3].map(() => rings.pick('azure', keys))).toEqual(['new', 'new', 'new']);
    now += 500;
    expect(new Set([1, 2].map(() => rings.pick('azure', keys)))).toEqual(new Set(['old', 'new']));
  });

  it('says when no credential is left and keeps rotating anyway', () => {
    const rings = new KeyRings({ benchMs: 60_000, now: () => 0 });
    const keys = ['a', 'b'];
    expect(rings.reject('x', keys, 'a')).toBe(true);
    expect(rings.reject('x', keys, 'b')).toBe(false);
    expect(['a', 'b']).toContain(rings.pick('x', keys));
  });

  it('counts a credential whose bench has run out as one left to try', () => {
    let now = 0;
    const rings = new KeyRings({ benchMs: 100, now: () => now });
    const keys = ['a', 'b'];
    rings.reject('x', keys, 'a');
    now = 500;
    // 'a' was never picked since its bench ran out, so it still sits in the bench list.
    expect(rings.reject('x', keys, 'b')).toBe(true);
    expect(rings.pick('x', keys)).toBe('a');
  });

  it('carries benches over a reload that keeps the key, and drops removed keys', () => {
    const rings = new KeyRings({ benchMs: 60_000, now: () => 0 });
    rings.reject('x', ['a', 'b'], 'a');
    const reloaded = ['a', 'b', 'c'];
    const picked = [1, 2, 3, 4].map(() => rings.pick('x', reloaded));
    expect(picked).not.toContain('a');
  });
});
