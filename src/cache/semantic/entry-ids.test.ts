import { describe, expect, it } from 'vitest';
import { hashKey } from '../position-table.js';
import { EntryIds } from './entry-ids.js';

const digest = 'a3'.repeat(16) + '0f'.repeat(16);
const other = 'a3'.repeat(16) + '0f'.repeat(15) + '0e';

describe('EntryIds', () => {
  it('keeps a hex digest as bytes and gives it back as the same string', () => {
    const ids = new EntryIds(2);
    ids.set(0, digest, hashKey(digest));
    expect(ids.idAt(0)).toBe(digest);
    expect(ids.hashAt(0)).toBe(hashKey(digest));
    expect(ids.matches(0, digest)).toBe(true);
    expect(ids.matches(0, other)).toBe(false);
    // Not a digest of ours: upper case, short, or not hex at all.
    expect(ids.matches(0, digest.toUpperCase())).toBe(false);
    expect(ids.matches(0, digest.slice(2))).toBe(false);
    expect(ids.matches(0, `${'z'.repeat(2)}${digest.slice(2)}`)).toBe(false);
    expect(ids.bytes).toBe(2 * 32 + 2 * 4);
  });

  it('keeps any other id as text, beside digests', () => {
    const ids = new EntryIds(3);
    ids.set(0, 'entry-0', hashKey('entry-0'));
    ids.set(1, digest, hashKey(digest));
    ids.set(2, digest.toUpperCase(), hashKey(digest.toUpperCase()));
    expect([ids.idAt(0), ids.idAt(1), ids.idAt(2)]).toEqual(['entry-0', digest, digest.toUpperCase()]);
    expect(ids.matches(0, 'entry-0')).toBe(true);
    expect(ids.matches(2, digest)).toBe(false);
    expect(ids.matches(1, digest.toUpperCase())).toBe(false);
  });

  it('copies an id into a freed slot, text or digest, and keeps ids across a resize', () => {
    const ids = new EntryIds(2);
    ids.set(0, 'named', hashKey('named'));
    ids.set(1, digest, hashKey(digest));
    ids.copy(ids, 1, 0);
    ids.clear(1);
    expect(ids.idAt(0)).toBe(digest);
    expect(ids.matches(0, 'named')).toBe(false);
    ids.set(1, 'named', hashKey('named'));
    ids.copy(ids, 1, 0);
    ids.clear(1);
    expect(ids.idAt(0)).toBe('named');
    // From another block of ids: digests and names alike.
    const elsewhere = new EntryIds(1);
    elsewhere.copy(ids, 0, 0);
    expect(elsewhere.idAt(0)).toBe('named');
    ids.set(1, other, hashKey(other));
    ids.resize(8);
    expect([ids.idAt(0), ids.idAt(1)]).toEqual(['named', other]);
    expect(ids.hashAt(1)).toBe(hashKey(other));
    ids.resize(2);
    expect(ids.idAt(1)).toBe(other);
  });
});
