import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import { cacheDirectives } from './cache-directives.js';

describe('cacheDirectives', () => {
  it('reads and writes by default, in no namespace', () => {
    expect(cacheDirectives({})).toEqual({ read: true, write: true, maxAgeSeconds: undefined, namespace: '' });
  });

  it('honours no-cache, no-store and max-age, in any case and order', () => {
    expect(cacheDirectives({ 'cache-control': 'No-Store, max-age=30' })).toMatchObject({
      read: true,
      write: false,
      maxAgeSeconds: 30,
    });
    expect(cacheDirectives({ 'cache-control': 'no-cache' })).toMatchObject({ read: false, write: true });
    expect(cacheDirectives({ 'cache-control': 'max-age=soon, private' })).toMatchObject({
      read: true,
      maxAgeSeconds: undefined,
    });
  });

  it('takes a namespace, and refuses an empty, long, spaced or repeated one with a 400', () => {
    expect(cacheDirectives({ 'x-switchyard-cache-namespace': ' team:blue ' }).namespace).toBe('team:blue');
    const bad: Array<string | string[]> = ['', 'a b', 'x'.repeat(129), 'é', ['a', 'b']];
    for (const value of bad) {
      const attempt = () => cacheDirectives({ 'x-switchyard-cache-namespace': value });
      expect(attempt).toThrow(GatewayError);
      expect(attempt).toThrow(/x-switchyard-cache-namespace must be/);
    }
  });
});
