import { describe, expect, it } from 'vitest';
import type { Embedder } from './embedder.js';
import { SemanticHandler } from './semantic-handler.js';
import type { SemanticRequest } from './semantic-messages.js';
import { entryBytes } from './vector-index.js';
import { vectorsOnlyEmbedder } from './vectors-only.js';

/** Embeds a text as counts of its letters a–h: same letters, same vector. */
function letterEmbedder(calls: string[][] = []): Embedder {
  return {
    model: 'letters',
    dimensions: 8,
    async embed(texts) {
      calls.push([...texts]);
      return texts.map((text) => {
        const vector = new Float32Array(8).fill(0.01);
        for (const letter of text) {
          const index = letter.charCodeAt(0) - 97;
          if (index >= 0 && index < 8) vector[index] = vector[index]! + 1;
        }
        return vector;
      });
    },
  };
}

describe('SemanticHandler', () => {
  it('embeds a whole batch in one call and answers each request in order', async () => {
    const calls: string[][] = [];
    const handler = new SemanticHandler({ loadEmbedder: async () => letterEmbedder(calls), now: () => 1000 });
    const replies = await handler.handle([
      { id: 1, type: 'add', entryId: 'abc', partition: 'p', text: 'abc' },
      { id: 2, type: 'add', entryId: 'hhh', partition: 'p', text: 'hhh' },
      { id: 3, type: 'lookup', partition: 'p', text: 'cab', k: 2, deadline: 2000 },
      { id: 4, type: 'lookup', partition: 'other', text: 'abc', k: 1, deadline: 2000 },
    ]);
    expect(calls).toEqual([['abc', 'hhh', 'cab', 'abc']]);
    expect(replies.map((reply) => [reply.id, reply.type])).toEqual([
      [1, 'done'],
      [2, 'done'],
      [3, 'hits'],
      [4, 'hits'],
    ]);
    const third = replies[2]!;
    const hits = third.type === 'hits' ? third.hits : [];
    expect(hits.map((hit) => hit.id)).toEqual(['abc', 'hhh']);
    expect(hits[0]!.score).toBeCloseTo(1, 2);
    expect(replies[3]).toMatchObject({ type: 'hits', hits: [] });
  });

  it('neither embeds, searches nor files a text longer than the model reads', async () => {
    const calls: string[][] = [];
    const handler = new SemanticHandler({
      loadEmbedder: async () => ({ ...letterEmbedder(calls), covers: (text: string) => text.length <= 4 }),
      now: () => 1000,
    });
    const replies = await handler.handle([
      { id: 1, type: 'add', entryId: 'long', partition: 'p', text: 'abcde' },
      { id: 2, type: 'add', entryId: 'short', partition: 'p', text: 'abcd' },
      { id: 3, type: 'lookup', partition: 'p', text: 'abcdh', k: 2, deadline: 2000 },
      { id: 4, type: 'lookup', partition: 'p', text: 'dcba', k: 2, deadline: 2000 },
      // A vector needs no reading: it is filed whatever the text was.
      { id: 5, type: 'add-vector', entryId: 'v', partition: 'q', vector: new Float32Array(8).fill(1) },
    ]);
    expect(calls).toEqual([['abcd', 'dcba']]);
    expect(replies.map((reply) => reply.type)).toEqual(['too-long', 'done', 'too-long', 'hits', 'done']);
    const fourth = replies[3]!;
    expect(fourth.type === 'hits' ? fourth.hits.map((hit) => hit.id) : []).toEqual(['short']);
  });

  it('skips lookups past their deadline without embedding them, and counts them', async () => {
    const calls: string[][] = [];
    const handler = new SemanticHandler({ loadEmbedder: async () => letterEmbedder(calls), now: () => 1000 });
    const replies = await handler.handle([
      { id: 1, type: 'lookup', partition: 'p', text: 'late', k: 1, deadline: 999 },
      { id: 2, type: 'lookup', partition: 'p', text: 'ok', k: 1, deadline: 1000 },
    ]);
    expect(replies.map((reply) => reply.type)).toEqual(['expired', 'hits']);
    expect(calls).toEqual([['ok']]);
    const [stats] = await handler.handle([{ id: 3, type: 'stats' }]);
    expect(stats).toMatchObject({ type: 'stats', stats: { expired: 1, model: 'letters', dimensions: 8 } });
  });

  it('adds known vectors, removes by id (many at once) and reports the index size', async () => {
    const handler = new SemanticHandler({ loadEmbedder: async () => letterEmbedder() });
    const vector = new Float32Array([1, 0, 0, 0, 0, 0, 0, 0]);
    const replies = await handler.handle([
      { id: 1, type: 'add-vector', entryId: 'x', partition: 'p', vector },
      { id: 2, type: 'add-vector', entryId: 'w', partition: 'q', vector },
      { id: 3, type: 'remove', entryIds: ['x', 'unknown', 'w'] },
      { id: 4, type: 'remove', entryIds: ['x'] },
      { id: 5, type: 'add-vector', entryId: 'y', partition: 'p', vector },
      { id: 6, type: 'stats' },
    ]);
    expect(replies[2]).toEqual({ id: 3, type: 'removed', removed: 2 });
    expect(replies[3]).toEqual({ id: 4, type: 'removed', removed: 0 });
    expect(replies[5]).toMatchObject({ type: 'stats', stats: { entries: 1, partitions: 1, removed: 2 } });
  });

  it('evicts the oldest filed past its cap (stored answers by their own time), and counts them', async () => {
    let now = 1_700_000_000_000;
    const handler = new SemanticHandler({
      loadEmbedder: async () => vectorsOnlyEmbedder({ model: 'm', dimensions: 8 }),
      // Room for 1,000 entries.
      maxBytes: 1000 * entryBytes(8),
      now: () => now,
    });
    const codes = new Int8Array(600 * 8).fill(3);
    for (let entry = 0; entry < 600; entry++) codes[entry * 8 + (entry % 8)] = 100;
    // A rebuild: 600 stored answers filed an hour ago, each its own second.
    const filedAt = Float64Array.from({ length: 600 }, (_, entry) => now - 3_600_000 + entry * 1000);
    const ids = Array.from({ length: 600 }, (_, entry) => `old-${entry}`);
    const rebuilt = await handler.handle([
      { id: 1, type: 'add-many', entryIds: ids, partitions: ids.map(() => 'p'), vectors: codes, filedAt },
    ]);
    expect(rebuilt[0]).toEqual({ id: 1, type: 'added', added: 600 });
    // 500 new prompts, filed now: 1,100 in all, over the cap of 1,000: down to 990.
    now += 1000;
    const vector = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]);
    await handler.handle(
      Array.from({ length: 500 }, (_, entry): SemanticRequest => ({
        id: 10 + entry,
        type: 'add-vector',
        entryId: `new-${entry}`,
        partition: 'q',
        vector,
      })),
    );
    const [stats] = await handler.handle([{ id: 2, type: 'stats' }]);
    expect(stats).toMatchObject({ type: 'stats', stats: { entries: 990, evicted: 110 } });
    // The oldest stored answers went; every new prompt stayed.
    const removed = await handler.handle([
      { id: 3, type: 'remove', entryIds: ['old-109'] },
      { id: 4, type: 'remove', entryIds: ['old-110'] },
      { id: 5, type: 'remove', entryIds: ['new-0'] },
    ]);
    expect(removed.map((reply) => reply.type === 'removed' && reply.removed)).toEqual([0, 1, 1]);
    // A filedAt of the wrong length is refused.
    const [refused] = await handler.handle([
      {
        id: 6,
        type: 'add-many',
        entryIds: ['z'],
        partitions: ['p'],
        vectors: new Int8Array(8).fill(1),
        filedAt: new Float64Array(2),
      },
    ]);
    expect(refused).toMatchObject({ type: 'error' });
  });

  it('files each entry until its answer expires, passes it by after, and sweeps it out', async () => {
    let now = 1_700_000_000_000;
    const handler = new SemanticHandler({
      loadEmbedder: async () => vectorsOnlyEmbedder({ model: 'm', dimensions: 8 }),
      now: () => now,
    });
    const vector = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const codes = Int8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 9]);
    await handler.handle([
      { id: 1, type: 'add-vector', entryId: 'short', partition: 'p', vector, expiresAt: now + 5000 },
      { id: 2, type: 'add-vector', entryId: 'long', partition: 'p', vector, expiresAt: now + 60_000 },
      {
        id: 3,
        type: 'add-many',
        entryIds: ['stored-short', 'stored-forever'],
        partitions: ['p', 'p'],
        vectors: codes,
        expiresAt: Float64Array.from([now + 5000, 0]),
      },
    ]);
    const lookup = (id: number): SemanticRequest => ({
      id,
      type: 'lookup-vector',
      partition: 'p',
      vector,
      k: 10,
      deadline: now + 1000,
    });
    const ids = (reply: unknown) =>
      (reply as { hits: Array<{ id: string }> }).hits.map((hit) => hit.id).sort();
    expect(ids((await handler.handle([lookup(4)]))[0])).toEqual([
      'long',
      'short',
      'stored-forever',
      'stored-short',
    ]);
    now += 6000;
    // Passed by at once; swept out (and counted as removed) once 10 s have gone since the last sweep.
    expect(ids((await handler.handle([lookup(5)]))[0])).toEqual(['long', 'stored-forever']);
    let [stats] = await handler.handle([{ id: 6, type: 'stats' }]);
    expect(stats).toMatchObject({ stats: { entries: 4, removed: 0 } });
    now += 5000;
    [stats] = await handler.handle([{ id: 7, type: 'stats' }]);
    expect(stats).toMatchObject({ stats: { entries: 2, removed: 2 } });
    // An expiresAt of the wrong length is refused.
    const [refused] = await handler.handle([
      {
        id: 8,
        type: 'add-many',
        entryIds: ['z'],
        partitions: ['p'],
        vectors: new Int8Array(8).fill(1),
        expiresAt: new Float64Array(2),
      },
    ]);
    expect(refused).toMatchObject({ type: 'error' });
  });

  it('answers a bad request with an error and the rest normally', async () => {
    const handler = new SemanticHandler({ loadEmbedder: async () => letterEmbedder() });
    const replies = await handler.handle([
      { id: 1, type: 'add-vector', entryId: 'x', partition: 'p', vector: new Float32Array(3) },
      { id: 2, type: 'lookup', partition: 'p', text: 'abc', k: 0, deadline: Number.MAX_SAFE_INTEGER },
      { id: 3, type: 'embed', texts: ['a', 'b'], deadline: Number.MAX_SAFE_INTEGER },
    ]);
    expect(replies[0]).toMatchObject({
      id: 1,
      type: 'error',
      message: expect.stringMatching(/8 dimensions/),
    });
    expect(replies[1]).toMatchObject({ id: 2, type: 'error', message: expect.stringMatching(/k must be/) });
    expect(replies[2]).toMatchObject({ id: 3, type: 'vectors' });
  });

  it('turns a failed model load or a failed embedding into error replies, never a throw', async () => {
    const broken = new SemanticHandler({
      loadEmbedder: async () => {
        throw new Error('no weights');
      },
    });
    const request: SemanticRequest = {
      id: 1,
      type: 'lookup',
      partition: 'p',
      text: 'a',
      k: 1,
      deadline: Infinity,
    };
    expect(await broken.handle([request])).toEqual([
      { id: 1, type: 'error', message: 'the embedding model did not load: Error: no weights' },
    ]);
    const failing = new SemanticHandler({
      loadEmbedder: async () => ({
        ...letterEmbedder(),
        embed: async () => {
          throw new Error('out of memory');
        },
      }),
    });
    expect(await failing.handle([request])).toEqual([
      { id: 1, type: 'error', message: 'embedding failed: Error: out of memory' },
    ]);
  });

  it('loads the model once', async () => {
    let loads = 0;
    const handler = new SemanticHandler({
      loadEmbedder: async () => {
        loads++;
        return letterEmbedder();
      },
    });
    await Promise.all([handler.handle([{ id: 1, type: 'warm' }]), handler.handle([{ id: 2, type: 'warm' }])]);
    expect(loads).toBe(1);
  });

  it('searches by vectors embedded elsewhere, and refuses text, when it holds no model', async () => {
    const handler = new SemanticHandler({
      loadEmbedder: async () => vectorsOnlyEmbedder({ model: 'provider:embed', dimensions: 3 }),
      now: () => 1000,
    });
    const replies = await handler.handle([
      { id: 1, type: 'add-vector', entryId: 'east', partition: 'p', vector: new Float32Array([1, 0, 0]) },
      { id: 2, type: 'add-vector', entryId: 'north', partition: 'p', vector: new Float32Array([0, 1, 0]) },
    ]);
    expect(replies.map((reply) => reply.type)).toEqual(['done', 'done']);
    const [found] = await handler.handle([
      {
        id: 3,
        type: 'lookup-vector',
        partition: 'p',
        vector: new Float32Array([0.9, 0.1, 0]),
        k: 1,
        deadline: 2000,
      },
    ]);
    expect(found).toMatchObject({ type: 'hits', hits: [{ id: 'east' }] });
    const [late] = await handler.handle([
      {
        id: 4,
        type: 'lookup-vector',
        partition: 'p',
        vector: new Float32Array([1, 0, 0]),
        k: 1,
        deadline: 999,
      },
    ]);
    expect(late).toEqual({ id: 4, type: 'expired' });
    const [text] = await handler.handle([
      { id: 5, type: 'lookup', partition: 'p', text: 'east', k: 1, deadline: 2000 },
    ]);
    expect(text).toMatchObject({ type: 'error', message: expect.stringMatching(/takes vectors only/) });
  });
});
