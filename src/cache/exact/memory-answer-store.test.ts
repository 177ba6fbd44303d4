import { describe, expect, it } from 'vitest';
import { answerStoreCase } from './answer-store.case.js';
import type { CachedAnswer } from './cached-answer.js';
import { MemoryAnswerStore } from './memory-answer-store.js';

answerStoreCase('memory', async () => {
  const clock = { now: 1000 };
  return {
    store: new MemoryAnswerStore(1024 ** 2, () => clock.now),
    pass: async (ms) => {
      clock.now += ms;
    },
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
  it('evicts the least recently used entries to stay within its bytes', async () => {
    const size = Buffer.byteLength(JSON.stringify(answer('x'.repeat(100)))) + 1024;
    const store = new MemoryAnswerStore(size * 2 + 10);
    await store.set('a', answer('x'.repeat(100)), 60_000);
    await store.set('b', answer('y'.repeat(100)), 60_000);
    await store.get({ digest: 'a', tags }); // a is now more recent than b
    await store.set('c', answer('z'.repeat(100)), 60_000);
    expect(await store.get({ digest: 'b', tags })).toBeUndefined();
    expect(await store.get({ digest: 'a', tags })).toBeDefined();
    expect(await store.get({ digest: 'c', tags })).toBeDefined();
    expect(store.bytes).toBeLessThanOrEqual(size * 2 + 10);
  });

  it('does not take an entry larger than the whole cache', async () => {
    const store = new MemoryAnswerStore(50);
    await store.set('big', answer('x'.repeat(100)), 60_000);
    expect(await store.get({ digest: 'big', tags })).toBeUndefined();
    expect(store.bytes).toBe(0);
  });
});
