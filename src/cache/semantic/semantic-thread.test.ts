import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { SemanticThread } from './semantic-thread.js';

/** A thread running `source` (CommonJS) instead of the semantic worker. */
function fakeThread(source: string): () => Worker {
  return () =>
    new Worker(`const { parentPort } = require('node:worker_threads');\n${source}`, { eval: true });
}

const threads: SemanticThread[] = [];
function track(thread: SemanticThread): SemanticThread {
  threads.push(thread);
  return thread;
}

afterEach(async () => {
  await Promise.all(threads.splice(0).map((thread) => thread.close()));
});

describe('SemanticThread with the real model', () => {
  // Loads Universal Sentence Encoder lite from its npm package (no network): about 1–3 s here.
  it('embeds, adds, finds a paraphrase in its own partition only, and removes', async () => {
    const thread = track(new SemanticThread({ budgetMs: 2000 }));
    await thread.warm();
    const [vector] = await thread.embed(['How do I reset my password?']);
    expect(vector).toHaveLength(512);
    await thread.add('password', 'tenant-a|model', 'How do I reset my password?');
    await thread.add('weather', 'tenant-a|model', 'What will the weather be like in Paris tomorrow?');
    await thread.add('other-tenant', 'tenant-b|model', 'How do I reset my password?');

    const lookup = await thread.lookup('tenant-a|model', 'How can I change my password?', 2);
    expect(lookup.status).toBe('searched');
    if (lookup.status !== 'searched') return;
    expect(lookup.hits.map((hit) => hit.id)).toEqual(['password', 'weather']);
    expect(lookup.hits[0]!.score).toBeGreaterThan(0.7);
    expect(lookup.hits[1]!.score).toBeLessThan(0.4);
    expect(lookup.vector).toHaveLength(512);

    // The lookup's vector can be stored as is: no second embedding.
    await thread.add('change', 'tenant-a|model', lookup.vector);
    const again = await thread.lookup('tenant-a|model', 'How can I change my password?', 1);
    expect(again).toMatchObject({ status: 'searched', hits: [{ id: 'change' }] });

    expect(await thread.remove(['password', 'nobody'])).toBe(1);
    expect(await thread.remove(['password'])).toBe(0);
    expect(await thread.remove([])).toBe(0);
    const stats = await thread.stats();
    expect(stats).toMatchObject({ entries: 3, partitions: 2, dimensions: 512, expired: 0 });
    expect(stats.bytes).toBeGreaterThan(0);
    expect(stats.loadMs).toBeGreaterThan(0);
  }, 60_000);
});

describe('SemanticThread with vectors only', () => {
  it('files many entries from one packed block, moving its memory rather than copying it', async () => {
    const thread = track(new SemanticThread({ budgetMs: 2000, vectorsOnly: { model: 'm', dimensions: 4 } }));
    const codes = new Int8Array([127, 0, 0, 0, 0, 127, 0, 0, 0, 0, 0, 0, 0, 0, 127, 0]);
    const added = await thread.addMany(['x', 'y', 'zero', 'z'], ['p', 'p', 'p', 'q'], codes);
    // The zero vector is skipped; the block now belongs to the thread.
    expect(added).toBe(3);
    expect(codes.byteLength).toBe(0);
    const lookup = await thread.lookupVector('p', new Float32Array([0, 1, 0, 0]), 2);
    expect(lookup).toMatchObject({ status: 'searched', hits: [{ id: 'y' }, { id: 'x' }] });
    expect(await thread.lookupVector('q', new Float32Array([0, 0, 1, 0]), 1)).toMatchObject({
      hits: [{ id: 'z' }],
    });
    // A view into a larger block is copied: the caller's block stays whole.
    const block = new Int8Array(12).fill(1);
    expect(await thread.addMany(['w'], ['r'], block.subarray(4, 8))).toBe(1);
    expect(block.byteLength).toBe(12);
    await expect(thread.addMany(['a', 'b'], ['p'], new Int8Array(8))).rejects.toThrow(/add-many needs/);
    expect((await thread.stats()).entries).toBe(4);
  });
});

describe('SemanticThread when things go wrong', () => {
  it('turns a thread that never answers into a timeout miss within the budget', async () => {
    const thread = track(
      new SemanticThread({ budgetMs: 30, start: fakeThread(`parentPort.on('message', () => {});`) }),
    );
    const started = performance.now();
    expect(await thread.lookup('p', 'hello')).toEqual({ status: 'miss', reason: 'timeout' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('answers busy at once when too many lookups wait', async () => {
    const thread = track(
      new SemanticThread({
        budgetMs: 200,
        maxPending: 1,
        start: fakeThread(`parentPort.on('message', () => {});`),
      }),
    );
    const first = thread.lookup('p', 'one');
    expect(await thread.lookup('p', 'two')).toEqual({ status: 'miss', reason: 'busy' });
    expect(await first).toEqual({ status: 'miss', reason: 'timeout' });
    // The slot is free again once the first one gave up.
    expect(await thread.lookup('p', 'three')).toEqual({ status: 'miss', reason: 'timeout' });
  });

  it('turns a thread that dies into misses and rejections, tells onLost, and starts anew', async () => {
    const lost: string[] = [];
    let starts = 0;
    const crashing = fakeThread(`parentPort.on('message', () => process.exit(3));`);
    const thread = track(
      new SemanticThread({
        budgetMs: 2000,
        onLost: (error) => lost.push(error.message),
        start: () => {
          starts++;
          return crashing();
        },
      }),
    );
    const lookup = await thread.lookup('p', 'hello');
    expect(lookup).toMatchObject({ status: 'miss', reason: 'failed' });
    expect(lost).toEqual(['the semantic thread exited (code 3)']);
    await expect(thread.add('id', 'p', 'text')).rejects.toThrow(/exited \(code 3\)/);
    expect(starts).toBe(2);
  });

  it('passes an error reply on as a miss for lookups and a rejection for writes', async () => {
    const thread = track(
      new SemanticThread({
        budgetMs: 2000,
        start: fakeThread(
          `parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, type: 'error', message: 'bad' }));`,
        ),
      }),
    );
    expect(await thread.lookup('p', 'hello')).toEqual({ status: 'miss', reason: 'failed', detail: 'bad' });
    await expect(thread.remove(['x'])).rejects.toThrow('bad');
  });

  it('takes a too-long reply as a miss for a lookup and a rejection for an add', async () => {
    const thread = track(
      new SemanticThread({
        budgetMs: 2000,
        start: fakeThread(
          `parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, type: 'too-long' }));`,
        ),
      }),
    );
    expect(await thread.lookup('p', 'hello')).toEqual({ status: 'miss', reason: 'too-long' });
    await expect(thread.add('id', 'p', 'hello')).rejects.toThrow('longer than the model reads');
  });

  it('never sends empty or over-long texts, and misses once closed', async () => {
    let starts = 0;
    const thread = track(
      new SemanticThread({
        maxTextLength: 10,
        start: () => {
          starts++;
          return fakeThread(`parentPort.on('message', () => {});`)();
        },
      }),
    );
    expect(await thread.lookup('p', '  ')).toEqual({ status: 'miss', reason: 'empty' });
    expect(await thread.lookup('p', 'x'.repeat(11))).toEqual({ status: 'miss', reason: 'too-long' });
    await expect(thread.add('id', 'p', 'x'.repeat(11))).rejects.toThrow(RangeError);
    expect(starts).toBe(0);
    await thread.close();
    expect(await thread.lookup('p', 'hello')).toEqual({ status: 'miss', reason: 'closed' });
    await expect(thread.stats()).rejects.toThrow(/closed/);
  });
});
