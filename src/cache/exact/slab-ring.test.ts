import { describe, expect, it } from 'vitest';
import { SlabRing, recordHeaderBytes } from './slab-ring.js';

const never = Number.POSITIVE_INFINITY;
/** A ring of two slabs, each holding exactly two records of a one-letter key and ten letters. */
const twoByTwo = () => new SlabRing(2 * 2 * (recordHeaderBytes + 1 + 10));

describe('SlabRing', () => {
  it('splits its bytes into 2 to 16 slabs, none below 64 KB unless the whole is smaller', () => {
    expect(new SlabRing(16 * 1024 ** 2).slabBytes).toBe(1024 ** 2);
    expect(new SlabRing(256 * 1024).slabBytes).toBe(64 * 1024);
    expect(new SlabRing(100).slabBytes).toBe(50);
  });

  it('drops the oldest slab whole when the ring turns, and keeps what fits', () => {
    const ring = twoByTwo();
    ring.write('a', 'aaaaaaaaaa', never);
    ring.write('b', 'bbbbbbbbbb', never); // slab 0 full
    ring.write('c', 'cccccccccc', never); // slab 1
    expect(ring.liveBytes).toBe(30);
    ring.write('d', 'dddddddddd', never); // slab 1 full
    ring.write('e', 'eeeeeeeeee', never); // back to slab 0: a and b go
    expect(ring.read('a', 0)).toBeUndefined();
    expect(ring.read('b', 0)).toBeUndefined();
    expect([...ring.live(0)].map(([key]) => key)).toEqual(['c', 'd', 'e']);
    expect(ring.liveBytes).toBe(30);
    expect(ring.size).toBe(3);
  });

  it('writes an entry read from the older half again at the head, so it outlives the turn', () => {
    const ring = twoByTwo();
    ring.write('a', 'aaaaaaaaaa', never);
    ring.write('b', 'bbbbbbbbbb', never);
    ring.write('c', 'cccccccccc', never); // head: slab 1; a and b in the older slab
    expect(ring.read('a', 0)).toBe('aaaaaaaaaa'); // moved to slab 1
    ring.write('d', 'dddddddddd', never); // slab 1 full: turns to slab 0, b goes
    expect(ring.read('b', 0)).toBeUndefined();
    expect(ring.read('a', 0)).toBe('aaaaaaaaaa');
    expect(ring.read('d', 0)).toBe('dddddddddd');
  });

  it('tells its listener the keys it drops on its own, not those moved, replaced or deleted', () => {
    const ring = twoByTwo();
    const dropped: string[][] = [];
    ring.onDrop = (keys) => dropped.push(keys);
    ring.write('a', 'aaaaaaaaaa', never);
    ring.write('b', 'bbbbbbbbbb', 5);
    ring.write('c', 'cccccccccc', never); // slab 1; a and b in the older slab
    ring.write('b', 'BBBBBBBBBB', 5); // replaced: now in slab 1, which is full
    expect(ring.read('a', 0)).toBe('aaaaaaaaaa'); // moved: the ring turns to slab 0 (nothing live there)
    expect(dropped).toEqual([]);
    ring.write('d', 'dddddddddd', never); // slab 0 full (a, d)
    ring.write('e', 'eeeeeeeeee', never); // turns to slab 1: c and b go
    expect(dropped).toEqual([['c', 'b']]);
    ring.write('f', 'ffffffffff', 5); // slab 1 full (e, f)
    expect(ring.delete('f')).toBe(true); // the caller's own deletion is not reported
    ring.write('g', 'gggggggggg', 5); // turns to slab 0: a and d go
    expect(ring.read('g', 10)).toBeUndefined(); // found expired
    expect(dropped).toEqual([['c', 'b'], ['a', 'd'], ['g']]);
    expect([...ring.live(0)].map(([key]) => key)).toEqual(['e']);
    // Counted too (for /metrics), with or without a listener: four turned out, one expired.
    expect({ evicted: ring.evicted, expired: ring.expired }).toEqual({ evicted: 4, expired: 1 });
    expect(ring.capacityBytes).toBe(2 * ring.slabBytes);
  });

  it('replaces a key written again, counts its bytes once, and forgets it after its time', () => {
    const ring = new SlabRing(1000);
    ring.write('k', 'first', 100);
    ring.write('k', 'second value', 200);
    expect(ring.liveBytes).toBe(12);
    expect(ring.read('k', 150)).toBe('second value');
    expect([...ring.live(250)]).toEqual([]);
    expect(ring.read('k', 250)).toBeUndefined();
    expect(ring.liveBytes).toBe(0);
    expect(ring.size).toBe(0);
  });

  it('refuses a record larger than a slab or a key over 255 bytes, and counts bytes, not characters', () => {
    const slab = recordHeaderBytes + 4 + 20;
    const ring = new SlabRing(2 * slab);
    expect(ring.write('big!', 'x'.repeat(21), never)).toBe(false);
    // 12 UTF-16 units, 24 bytes of UTF-8: too large.
    expect(ring.write('astr', '😀'.repeat(6), never)).toBe(false);
    expect(ring.write('fits', '😀'.repeat(5), never)).toBe(true);
    expect(ring.read('fits', 0)).toBe('😀'.repeat(5));
    expect(ring.read('big!', 0)).toBeUndefined();
    const wide = new SlabRing(1e6);
    expect(wide.write('k'.repeat(256), 'v', never)).toBe(false);
    expect(wide.write('é'.repeat(128), 'v', never)).toBe(false); // 256 bytes
    expect(wide.write('é'.repeat(127), 'v', never)).toBe(true);
    expect(wide.read('é'.repeat(127), 0)).toBe('v');
    expect(wide.read('k'.repeat(256), 0)).toBeUndefined();
    expect(wide.delete('k'.repeat(256))).toBe(false);
  });

  it('tells apart keys that share a prefix or differ only in length', () => {
    const ring = new SlabRing(1e6);
    const keys = ['', 'a', 'aa', 'ab', 'ba', 'é', 'e\u0301', '0'.repeat(64), '0'.repeat(63) + '1'];
    for (const key of keys) ring.write(key, `value of ${key}`, never);
    for (const key of keys) expect(ring.read(key, 0)).toBe(`value of ${key}`);
    expect(ring.delete('a')).toBe(true);
    expect(ring.delete('a')).toBe(false);
    expect(ring.read('aa', 0)).toBe('value of aa');
  });

  it('lets entries be deleted during a walk, and does not visit what is written during it', () => {
    const ring = new SlabRing(1e6);
    for (let index = 0; index < 100; index++) ring.write(`k${index}`, `v${index}`, never);
    const seen: string[] = [];
    for (const [key] of ring.live(0)) {
      seen.push(key);
      ring.delete(key);
      ring.delete(`k${99 - Number(key.slice(1))}`);
      ring.write(`new-${key}`, 'x', never);
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, index) => `k${index}`));
    expect(ring.size).toBe(50);
  });

  it('keeps its index true to a model through many turns, deletions and expiries', () => {
    const ring = new SlabRing(16 * 1024); // 2 slabs of 8 KB
    const kept = new Map<string, { text: string; expiresAt: number }>();
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let index = 0; index < 40_000; index++) {
      const key = `k${random() % 700}`;
      const now = index;
      if (random() % 10 === 0) {
        const modelHad = kept.delete(key);
        if (ring.delete(key)) expect(modelHad).toBe(true); // the ring may have evicted it already
        continue;
      }
      if (random() % 4 === 0) {
        const model = kept.get(key);
        const text = ring.read(key, now);
        if (text !== undefined) expect(text).toBe(model?.text);
        if (model !== undefined && model.expiresAt <= now) expect(text).toBeUndefined();
        continue;
      }
      const text = `${index}:${'é'.repeat(random() % 300)}`;
      const expiresAt = now + (random() % 5000);
      if (ring.write(key, text, expiresAt)) kept.set(key, { text, expiresAt });
      else kept.delete(key);
      expect(ring.liveBytes).toBeLessThanOrEqual(16 * 1024);
    }
    const now = 40_000;
    const live = [...ring.live(now)];
    for (const [key, text, expiresAt] of live) expect(kept.get(key)).toEqual({ text, expiresAt });
    // What the ring still holds is a subset of the model; every held entry is found by key.
    expect(new Set(live.map(([key]) => key)).size).toBe(live.length);
    for (const [key, text] of live) expect(ring.read(key, now)).toBe(text);
  });

  it('holds tens of thousands of entries with no per-entry object, and finds each one', () => {
    const ring = new SlabRing(16 * 1024 ** 2);
    const digest = (index: number) => index.toString(16).padStart(64, '0');
    for (let index = 0; index < 50_000; index++) ring.write(digest(index), `answer ${index}`, never);
    expect(ring.size).toBe(50_000);
    for (let index = 0; index < 50_000; index += 997)
      expect(ring.read(digest(index), 0)).toBe(`answer ${index}`);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.read(digest(0), 0)).toBeUndefined();
    expect([...ring.live(0)]).toEqual([]);
  });
});
