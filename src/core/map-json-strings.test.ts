import { describe, expect, it } from 'vitest';
import { mapJsonStrings } from './map-json-strings.js';

describe('mapJsonStrings', () => {
  it('maps every string value, keeps keys, and copies only what changed', () => {
    const untouched = { n: 1, list: [true, null] };
    const value = { to: 'a', nested: [{ name: 'b' }, 2], untouched };
    const mapped = mapJsonStrings(value, (text) => text.toUpperCase(), 8) as typeof value;
    expect(mapped).toEqual({ to: 'A', nested: [{ name: 'B' }, 2], untouched });
    expect(mapped.untouched).toBe(untouched);
    expect(value.to).toBe('a');
    expect(mapJsonStrings(untouched, (text) => text, 8)).toBe(untouched);
  });

  it('leaves what lies deeper than maxDepth as it is', () => {
    const value = { a: { b: { c: 'deep' } }, top: 'x' };
    expect(mapJsonStrings(value, () => 'y', 2)).toEqual({ a: { b: { c: 'deep' } }, top: 'y' });
  });
});
