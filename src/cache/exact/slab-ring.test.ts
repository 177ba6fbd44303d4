import { describe, expect, it } from 'vitest';
import { SlabRing } from './slab-ring.js';

const never = Number.POSITIVE_INFINITY;

describe('SlabRing', () => {
  it('splits its bytes into 2 to 16 slabs, none below 64 KB unless the whole is smaller', () => {
    expect(new SlabRing(16 * 1024 ** 2).slabBytes).toBe(1024 ** 2);
    expect(new SlabRing(256 * 1024).slabBytes).toBe(64 * 1024);
    expect(new SlabRing(100).slabBytes).toBe(50);
  });

  it('drops the oldest slab whole when the ring turns, and keeps what fits', () => {
    const ring = new SlabRing(40); // two slabs of 20 bytes
    ring.write('a', 'aaaaaaaaaa', never);
    ring.write('b', 'bbbbbbbbbb', never); // slab 0 full
    ring.write('c', 'cccccccccc', never); // slab 1
    expect(ring.liveBytes).toBe(30);
    ring.write('d', 'dddddddddd', never); // slab 1 full
    ring.write('e', 'eeeeeeeeee', never); // back to slab 0: a and b go
    expect(ring.read('a', 0)).toBeUndefined();
    expect(ring.read('b', 0)).toBeUndefined();
    expect([...ring.live(0)].map(([key]) => key).sort()).toEqual(['c', 'd', 'e']);
    expect(ring.liveBytes).toBe(30);
  });

  it('writes an entry read from the older half again at the head, so it outlives the turn', () => {
    const ring = new SlabRing(40);
    ring.write('a', 'aaaaaaaaaa', never);
    ring.write('b', 'bbbbbbbbbb', never);
    ring.write('c', 'cccccccccc', never); // head: slab 1; a and b in the older slab
    expect(ring.read('a', 0)).toBe('aaaaaaaaaa'); // moved to slab 1
    ring.write('d', 'dddddddddd', never); // slab 1 full: turns to slab 0, b goes
    expect(ring.read('b', 0)).toBeUndefined();
    expect(ring.read('a', 0)).toBe('aaaaaaaaaa');
    expect(ring.read('d', 0)).toBe('dddddddddd');
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
  });

  it('refuses a text larger than a slab, and counts bytes, not characters', () => {
    const ring = new SlabRing(40);
    expect(ring.write('big', 'x'.repeat(21), never)).toBe(false);
    // 12 UTF-16 units, 24 bytes of UTF-8: too large for a 20-byte slab.
    expect(ring.write('astral', '😀'.repeat(6), never)).toBe(false);
    expect(ring.write('fits', '😀'.repeat(5), never)).toBe(true);
    expect(ring.read('fits', 0)).toBe('😀'.repeat(5));
    expect(ring.read('big', 0)).toBeUndefined();
  });

  it('survives many turns with texts of every size, never holding more than its bytes', () => {
    const ring = new SlabRing(4096);
    const kept = new Map<string, string>();
    let seed = 7;
    for (let index = 0; index < 20_000; index++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const text = `${index}:${'é'.repeat(seed % 300)}`;
      if (ring.write(`k${index % 500}`, text, never)) kept.set(`k${index % 500}`, text);
      else kept.delete(`k${index % 500}`);
      expect(ring.liveBytes).toBeLessThanOrEqual(4096);
    }
    for (const [key, text] of ring.live(0)) expect(kept.get(key)).toBe(text);
  });
});
