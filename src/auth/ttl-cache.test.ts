import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('returns a value until its expiry time, then forgets it', () => {
    const cache = new TtlCache<string>(10);
    cache.set('a', 'alpha', 1000);
    expect(cache.get('a', 999)).toBe('alpha');
    expect(cache.get('a', 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never holds more than its bound, dropping the least recently used', () => {
    const cache = new TtlCache<number>(3);
    cache.set('a', 1, 100);
    cache.set('b', 2, 100);
    cache.set('c', 3, 100);
    expect(cache.get('a', 0)).toBe(1);
    cache.set('d', 4, 100);
    expect(cache.size).toBe(3);
    expect(cache.get('b', 0)).toBeUndefined();
    expect([cache.get('a', 0), cache.get('c', 0), cache.get('d', 0)]).toEqual([1, 3, 4]);
  });

  it('stays bounded under a flood of distinct keys', () => {
    const cache = new TtlCache<boolean>(100);
    for (let index = 0; index < 10_000; index += 1) cache.set(`key-${index}`, true, 1000);
    expect(cache.size).toBe(100);
    expect(cache.get('key-9999', 0)).toBe(true);
    expect(cache.get('key-0', 0)).toBeUndefined();
  });

  it('replaces a value and its expiry on set', () => {
    const cache = new TtlCache<string>(2);
    cache.set('a', 'old', 10);
    cache.set('a', 'new', 20);
    expect(cache.size).toBe(1);
    expect(cache.get('a', 15)).toBe('new');
  });

  it('deletes one key, or every key whose value matches', () => {
    const cache = new TtlCache<{ owner: string }>(10);
    cache.set('a', { owner: 'x' }, 100);
    cache.set('b', { owner: 'y' }, 100);
    cache.set('c', { owner: 'x' }, 100);
    expect(cache.deleteWhere((value) => value.owner === 'x')).toBe(2);
    expect(cache.get('b', 0)).toEqual({ owner: 'y' });
    expect(cache.delete('b')).toBe(true);
    expect(cache.delete('b')).toBe(false);
    cache.set('d', { owner: 'z' }, 100);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new TtlCache(0)).toThrow(RangeError);
    expect(() => new TtlCache(1.5)).toThrow(RangeError);
  });
});
