import { describe, expect, it } from 'vitest';
import { neighbour, randomUnitVector, seededRandom } from './test-vectors.js';
import { entryBytes, VectorIndex } from './vector-index.js';

const dimensions = 64;

/** An id of the form the cache gives its entries (a SHA-256 digest in hex). */
function digestOf(entry: number): string {
  return entry.toString(16).padStart(64, '0');
}

function exactBest(
  entries: Map<string, Float32Array>,
  query: Float32Array,
): { id: string; score: number } | undefined {
  let best: { id: string; score: number } | undefined;
  for (const [id, vector] of entries) {
    let score = 0;
    for (let index = 0; index < query.length; index++) score += query[index]! * vector[index]!;
    if (best === undefined || score > best.score) best = { id, score };
  }
  return best;
}

describe('VectorIndex', () => {
  it('finds a stored vector and its neighbours, best first, with cosine scores', () => {
    const random = seededRandom(1);
    const index = new VectorIndex({ dimensions });
    const base = randomUnitVector(dimensions, random);
    index.add('base', 'p', base);
    index.add('near', 'p', neighbour(base, 0.9, random));
    index.add('far', 'p', neighbour(base, 0.2, random));
    const hits = index.search('p', base, 3);
    expect(hits.map((hit) => hit.id)).toEqual(['base', 'near', 'far']);
    // Int4 precision: at 64 dimensions about 0.012 rms (at 512, about 0.004).
    expect(Math.abs(hits[0]!.score - 1)).toBeLessThan(0.04);
    expect(Math.abs(hits[1]!.score - 0.9)).toBeLessThan(0.04);
    expect(Math.abs(hits[2]!.score - 0.2)).toBeLessThan(0.04);
    expect(index.search('p', base, 1).map((hit) => hit.id)).toEqual(['base']);
  });

  it('never returns entries of another partition', () => {
    const random = seededRandom(2);
    const index = new VectorIndex({ dimensions });
    const vector = randomUnitVector(dimensions, random);
    index.add('tenant-a', 'org-a|model|context', vector);
    expect(index.search('org-b|model|context', vector, 5)).toEqual([]);
    index.add('tenant-b', 'org-b|model|context', neighbour(vector, 0.5, random));
    expect(index.search('org-b|model|context', vector, 5).map((hit) => hit.id)).toEqual(['tenant-b']);
    expect(index.partitionCount).toBe(2);
  });

  it('removes by id, keeps the other entries findable after slots move', () => {
    const random = seededRandom(3);
    const index = new VectorIndex({ dimensions });
    const vectors = new Map<string, Float32Array>();
    for (let entry = 0; entry < 40; entry++) {
      const vector = randomUnitVector(dimensions, random);
      vectors.set(`e${entry}`, vector);
      index.add(`e${entry}`, 'p', vector);
    }
    for (let entry = 0; entry < 40; entry += 3) {
      expect(index.remove(`e${entry}`)).toBe(true);
      vectors.delete(`e${entry}`);
    }
    expect(index.remove('e0')).toBe(false);
    expect(index.size).toBe(vectors.size);
    for (const [id, vector] of vectors) {
      expect(index.search('p', vector, 1)[0]?.id).toBe(id);
    }
    expect(index.search('p', randomUnitVector(dimensions, random), 100)).toHaveLength(vectors.size);
  });

  it('grows a large partition and shrinks it again, losing no entry', () => {
    const random = seededRandom(13);
    const index = new VectorIndex({ dimensions });
    const vectors = new Map<string, Float32Array>();
    for (let entry = 0; entry < 3000; entry++) {
      const vector = randomUnitVector(dimensions, random);
      vectors.set(digestOf(entry), vector);
      index.add(digestOf(entry), 'p', vector);
    }
    // Room comes in blocks of 1,024 entries: 3,072 entries'. Per entry of room: int4 codes, an
    // inverse length, sign bits, the id's 32 bytes and its hash, when it was filed and when it expires. Beside
    // them: the id table (at most half full, 12 bytes a slot: 8,192 slots), the search's scratch
    // space and the partition's own bookkeeping.
    const room = dimensions / 2 + 4 + dimensions / 8 + 32 + 4 + 4 + 4;
    const besides = 8192 * 12 + 1024 * 2 + (dimensions + 1) * 4 + 600;
    expect(index.bytes - besides).toBe(3072 * room);
    for (let entry = 0; entry < 3000; entry++) {
      if (entry % 30 === 0) continue;
      index.remove(digestOf(entry));
      vectors.delete(digestOf(entry));
    }
    expect(index.size).toBe(100);
    for (const [id, vector] of vectors) expect(index.search('p', vector, 1)[0]?.id).toBe(id);
    // The emptied blocks are let go but one, kept for entries to come.
    expect(index.bytes - besides).toBe(2048 * room);
  });

  it('stays consistent with a model under random adds, moves and removals across partitions', () => {
    const random = seededRandom(21);
    const index = new VectorIndex({ dimensions: 16 });
    const model = new Map<string, { partition: string; vector: Float32Array }>();
    // Digests and plain names, few enough that they are often added again, moved or removed.
    const ids = Array.from({ length: 300 }, (_, entry) =>
      entry % 3 === 0 ? `name-${entry}` : digestOf(entry),
    );
    for (let step = 0; step < 20_000; step++) {
      const id = ids[Math.floor(random() * ids.length)]!;
      if (random() < 0.55) {
        const partition = `p${Math.floor(random() * 4)}`;
        const vector = randomUnitVector(16, random);
        index.add(id, partition, vector);
        model.set(id, { partition, vector });
      } else {
        expect(index.remove(id)).toBe(model.delete(id));
      }
      if (step % 1000 !== 0) continue;
      expect(index.size).toBe(model.size);
      expect(index.partitionCount).toBe(new Set([...model.values()].map((entry) => entry.partition)).size);
      for (const candidate of ids) expect(index.has(candidate)).toBe(model.has(candidate));
      for (const [entryId, { partition, vector }] of model) {
        expect(index.search(partition, vector, 1)[0]?.id).toBe(entryId);
      }
    }
  });

  it('stays consistent with a model when one partition spans several blocks', () => {
    const random = seededRandom(34);
    const index = new VectorIndex({ dimensions: 16 });
    const model = new Map<string, Float32Array>();
    const ids = Array.from({ length: 4000 }, (_, entry) =>
      entry % 5 === 0 ? `name-${entry}` : digestOf(entry),
    );
    for (let step = 0; step < 30_000; step++) {
      const id = ids[Math.floor(random() * ids.length)]!;
      // Mostly adds at first, then mostly removals: the partition grows past two blocks and back.
      if (random() < (step < 15_000 ? 0.7 : 0.3)) {
        const vector = randomUnitVector(16, random);
        index.add(id, 'p', vector);
        model.set(id, vector);
      } else {
        expect(index.remove(id)).toBe(model.delete(id));
      }
      if (step % 5000 !== 4999) continue;
      expect(index.size).toBe(model.size);
      for (const [entryId, vector] of model) expect(index.search('p', vector, 1)[0]?.id).toBe(entryId);
    }
  });

  it('passes by entries whose answers expired, and removes them when swept', () => {
    const random = seededRandom(21);
    const index = new VectorIndex({ dimensions });
    const base = randomUnitVector(dimensions, random);
    const now = 1_700_000_000_000;
    // The nearest one's answer expired a second ago; a farther one's lives on; one never expires.
    index.add('expired', 'p', base, now - 60_000, now - 1000);
    index.add('live', 'p', neighbour(base, 0.9, random), now - 60_000, now + 60_000);
    index.add('forever', 'p', neighbour(base, 0.5, random), now - 60_000);
    expect(index.search('p', base, 3, now).map((hit) => hit.id)).toEqual(['live', 'forever']);
    // Before it expired, it was found first.
    expect(index.search('p', base, 1, now - 2000).map((hit) => hit.id)).toEqual(['expired']);
    // Passed by from the start of the second its answer expires in: up to a second early, never late.
    index.add('soon', 'p', base, now, now + 400);
    expect(index.search('p', base, 1, now - 1).map((hit) => hit.id)).toEqual(['soon']);
    expect(index.search('p', base, 1, now).map((hit) => hit.id)).toEqual(['live']);
    expect(index.search('p', base, 1, now + 1000).map((hit) => hit.id)).toEqual(['live']);
    expect(index.removeExpired(now + 1000)).toBe(2);
    expect(index.size).toBe(2);
    expect(index.has('expired')).toBe(false);
    expect(index.has('soon')).toBe(false);
    expect(index.removeExpired(now + 120_000)).toBe(1);
    expect(index.has('forever')).toBe(true);
  });

  it('forgets an emptied partition', () => {
    const index = new VectorIndex({ dimensions });
    index.add('only', 'p', randomUnitVector(dimensions, seededRandom(4)));
    const before = index.bytes;
    index.remove('only');
    expect(index.partitionCount).toBe(0);
    expect(index.size).toBe(0);
    expect(index.bytes).toBeLessThan(before);
  });

  it('replaces an entry added again under the same id, even in another partition', () => {
    const random = seededRandom(5);
    const index = new VectorIndex({ dimensions });
    const first = randomUnitVector(dimensions, random);
    const second = randomUnitVector(dimensions, random);
    index.add('id', 'p', first);
    index.add('id', 'q', second);
    expect(index.size).toBe(1);
    expect(index.search('p', first, 1)).toEqual([]);
    expect(index.search('q', second, 1)[0]?.id).toBe('id');
  });

  it('agrees with an exact float scan when the prefilter keeps few candidates', () => {
    const random = seededRandom(6);
    const index = new VectorIndex({ dimensions: 256, candidates: 16 });
    const entries = new Map<string, Float32Array>();
    const bases: Float32Array[] = [];
    for (let entry = 0; entry < 2000; entry++) {
      // Clusters of close vectors: the hard case for a sign-bit prefilter.
      const base = entry % 20 === 0 ? randomUnitVector(256, random) : bases[bases.length - 1]!;
      if (entry % 20 === 0) bases.push(base);
      const vector = neighbour(base, 0.7, random);
      entries.set(`e${entry}`, vector);
      index.add(`e${entry}`, 'p', vector);
    }
    let agreed = 0;
    for (let query = 0; query < 100; query++) {
      const target = entries.get(`e${query * 17}`)!;
      const probe = neighbour(target, 0.9, random);
      const expected = exactBest(entries, probe);
      if (index.search('p', probe, 1)[0]?.id === expected?.id) agreed++;
    }
    expect(agreed).toBeGreaterThanOrEqual(97);
  });

  it('evicts the oldest filed entries, across partitions, once past its cap; nothing under it', () => {
    const random = seededRandom(11);
    const index = new VectorIndex({ dimensions });
    const vectors = new Map<string, Float32Array>();
    // 3,000 entries over 3 partitions, filed a second apart in a shuffled order, some sharing a second.
    const order = Array.from({ length: 3000 }, (_, entry) => entry).sort(() => random() - 0.5);
    for (const entry of order) {
      const vector = randomUnitVector(dimensions, random);
      vectors.set(digestOf(entry), vector);
      index.add(digestOf(entry), `p${entry % 3}`, vector, 1_700_000_000_000 + Math.floor(entry / 2) * 1000);
    }
    expect(index.evictOldest(3000)).toBe(0);
    expect(index.size).toBe(3000);
    // Over the cap of 2,000: down to 1,980, the 1,020 filed first gone (ties at the cut split).
    expect(index.evictOldest(2000)).toBe(1020);
    expect(index.size).toBe(1980);
    for (let entry = 0; entry < 3000; entry++) {
      if (entry < 1020) expect(index.has(digestOf(entry)), `entry ${entry}`).toBe(false);
      else expect(index.has(digestOf(entry)), `entry ${entry}`).toBe(true);
    }
    // The survivors are still found where they are, by their own vectors.
    for (const entry of [1020, 1500, 2999]) {
      const [best] = index.search(`p${entry % 3}`, vectors.get(digestOf(entry))!, 1);
      expect(best?.id).toBe(digestOf(entry));
    }
    // An explicit `keep` evicts exactly down to it.
    expect(index.evictOldest(1000, 900)).toBe(1080);
    expect(index.has(digestOf(2099))).toBe(false);
    expect(index.has(digestOf(2100))).toBe(true);
  });

  it('costs about entryBytes per entry in full blocks, the estimate its size bound divides by', () => {
    const random = seededRandom(17);
    const index = new VectorIndex({ dimensions: 512 });
    // 20 full blocks of one partition; partly filled blocks cost up to a quarter more per entry.
    for (let entry = 0; entry < 20 * 1024; entry++)
      index.add(digestOf(entry), 'p', randomUnitVector(512, random));
    const perEntry = index.bytes / index.size;
    expect(perEntry).toBeGreaterThan(entryBytes(512) * 0.9);
    expect(perEntry).toBeLessThan(entryBytes(512) * 1.1);
  });

  it('counts bytes for what it holds: int4 codes, not int8 or float32', () => {
    const random = seededRandom(7);
    const index = new VectorIndex({ dimensions: 512 });
    for (let entry = 0; entry < 1000; entry++)
      index.add(`entry-${entry}`, 'p', randomUnitVector(512, random));
    expect(index.bytes).toBeGreaterThan(1000 * (256 + 64 + 4));
    expect(index.bytes).toBeLessThan(1000 * (512 + 64));
  });

  it('keeps many small partitions small: about 1.2 KB for a partition of one entry', () => {
    const random = seededRandom(8);
    const index = new VectorIndex({ dimensions: 512 });
    const empty = index.bytes;
    for (let entry = 0; entry < 1000; entry++)
      index.add(digestOf(entry), `partition-${entry}`, randomUnitVector(512, random));
    expect(index.partitionCount).toBe(1000);
    expect((index.bytes - empty) / 1000).toBeLessThan(1300);
  });

  it('rejects vectors of the wrong size, zero or NaN vectors and a bad k', () => {
    const index = new VectorIndex({ dimensions: 4 });
    expect(() => index.add('a', 'p', [1, 2, 3])).toThrow(/4 dimensions/);
    expect(() => index.add('a', 'p', [0, 0, 0, 0])).toThrow(RangeError);
    expect(() => index.add('a', 'p', [1, Number.NaN, 0, 0])).toThrow(RangeError);
    expect(index.size).toBe(0);
    index.add('a', 'p', [1, 0, 0, 0]);
    expect(() => index.search('p', [1, 0, 0, 0], 0)).toThrow(/k must be/);
    expect(() => index.search('p', [1, 0, 0, 0], 1.5)).toThrow(/k must be/);
    expect(() => new VectorIndex({ dimensions: 0 })).toThrow(RangeError);
    expect(() => new VectorIndex({ dimensions: 4, candidates: 0 })).toThrow(RangeError);
  });

  it('does not change the vector it was given', () => {
    const index = new VectorIndex({ dimensions: 2 });
    const vector = new Float32Array([3, 4]);
    index.add('a', 'p', vector);
    index.search('p', vector, 1);
    expect(Array.from(vector)).toEqual([3, 4]);
  });
});
