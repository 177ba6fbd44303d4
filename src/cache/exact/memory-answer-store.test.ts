import { describe, expect, it } from 'vitest';
import { answerStoreCase } from './answer-store.case.js';
import type { DroppedEntries } from './answer-store.js';
import type { CachedAnswer } from './cached-answer.js';
import { MemoryAnswerStore } from './memory-answer-store.js';
import { recordHeaderBytes } from './slab-ring.js';

answerStoreCase('memory', async () => {
  const clock = { now: 1000 };
  return {
    store: new MemoryAnswerStore(1024 ** 2, () => clock.now),
    pass: async (ms) => {
      clock.now += ms;
    },
    shared: false,
  };
});

const tags = { organizationId: 'acme', projectId: null, route: 'chat', model: 'chat', namespace: '' };
const answer = (text: string): CachedAnswer => ({
  tags,
  storedAt: 0,
  content: { kind: 'json', body: text },
  saved: { inputTokens: 1, outputTokens: 1, usd: 0 },
});

describe('MemoryAnswerStore', () => {
  it('evicts the oldest entries to stay within its bytes, and keeps those asked for', async () => {
    // A record: its header, a one-letter digest, the answer as JSON.
    const size = recordHeaderBytes + 1 + Buffer.byteLength(JSON.stringify(answer('x'.repeat(100))));
    // Two slabs of two entries each.
    const store = new MemoryAnswerStore(size * 4 + 10);
    for (const digest of ['a', 'b', 'c', 'd']) await store.set(digest, answer(digest.repeat(100)), 60_000);
    await store.get({ digest: 'a', tags }); // from the older slab: written again at the head
    await store.set('e', answer('e'.repeat(100)), 60_000);
    expect(await store.get({ digest: 'b', tags })).toBeUndefined();
    for (const digest of ['a', 'c', 'e']) expect(await store.get({ digest, tags })).toBeDefined();
    expect(store.bytes).toBeLessThanOrEqual(size * 4 + 10);
  });

  it('tells its watchers the digests it evicts for room or finds expired', async () => {
    const size = recordHeaderBytes + 1 + Buffer.byteLength(JSON.stringify(answer('x'.repeat(100))));
    let now = 0;
    const store = new MemoryAnswerStore(size * 4 + 10, () => now);
    const told: DroppedEntries[] = [];
    store.watchDrops((dropped) => told.push(dropped));
    for (const digest of ['a', 'b', 'c', 'd', 'e']) await store.set(digest, answer(digest.repeat(100)), 1000);
    expect(told).toEqual([{ digests: ['a', 'b'], shared: false }]);
    now = 1000;
    expect(await store.get({ digest: 'c', tags })).toBeUndefined();
    expect(told.at(-1)).toEqual({ digests: ['c'], shared: false });
  });

  it('does not take an entry larger than a slab (half the cache, when small)', async () => {
    const store = new MemoryAnswerStore(50);
    await store.set('big', answer('x'.repeat(100)), 60_000);
    expect(await store.get({ digest: 'big', tags })).toBeUndefined();
    expect(store.bytes).toBe(0);
  });
});
