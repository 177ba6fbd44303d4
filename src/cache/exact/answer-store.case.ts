// The AnswerStore conformance suite: the in-process LRU and Redis both register these tests, so
// the embedded and the cluster caches keep the same promises (scoped entries, TTLs, purges).
// Test support only.

import { randomUUID } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AnswerStore, DroppedEntries, StoredMeaning } from './answer-store.js';
import type { CachedAnswer } from './cached-answer.js';
import type { CacheTags } from './exact-key.js';

export interface AnswerStoreHarness {
  store: AnswerStore;
  /** Lets `ms` pass for the store's TTLs (a fake clock, or real waiting). */
  pass: (ms: number) => Promise<void>;
  /** Whether the store's purges hold for every replica (DroppedEntries.shared). */
  shared: boolean;
}

function answer(tags: CacheTags, text: string): CachedAnswer {
  return {
    tags,
    storedAt: 1_700_000_000_000,
    content: { kind: 'json', body: JSON.stringify({ text }) },
    saved: { inputTokens: 12, outputTokens: 3, usd: 0.000_01 },
  };
}

export function answerStoreCase(backend: string, open: () => Promise<AnswerStoreHarness>): void {
  describe(`AnswerStore conformance: ${backend}`, () => {
    async function harness(): Promise<AnswerStoreHarness & { tags: CacheTags }> {
      const opened = await open();
      onTestFinished(() => opened.store.close());
      // A fresh organisation per test: a shared Redis holds other tests' entries.
      const tags = {
        organizationId: `org-${randomUUID()}`,
        projectId: null,
        route: 'chat',
        model: 'chat',
        namespace: '',
      };
      return { ...opened, tags };
    }

    it('returns what was stored, and nothing for another digest', async () => {
      const { store, tags } = await harness();
      await store.set('d1', answer(tags, 'one'), 60_000);
      expect(await store.get({ digest: 'd1', tags })).toEqual(answer(tags, 'one'));
      expect(await store.get({ digest: 'd2', tags })).toBeUndefined();
    });

    it('replaces an entry stored again under the same digest', async () => {
      const { store, tags } = await harness();
      await store.set('d1', answer(tags, 'one'), 60_000);
      await store.set('d1', answer(tags, 'two'), 60_000);
      expect((await store.get({ digest: 'd1', tags }))?.content).toEqual(answer(tags, 'two').content);
    });

    it('forgets an entry after its time to live', async () => {
      const { store, tags, pass } = await harness();
      await store.set('short', answer(tags, 'one'), 80);
      await store.set('long', answer(tags, 'two'), 60_000);
      await pass(200);
      expect(await store.get({ digest: 'short', tags })).toBeUndefined();
      expect(await store.get({ digest: 'long', tags })).toBeDefined();
    });

    it('purges by route, model and namespace, only within the organisation', async () => {
      const { store, tags } = await harness();
      const other = { ...tags, organizationId: `${tags.organizationId}-other` };
      onTestFinished(async () => void (await store.purge({ organizationId: other.organizationId })));
      const entries: Array<[string, CacheTags]> = [
        ['a', tags],
        ['b', { ...tags, route: 'fast' }],
        ['c', { ...tags, model: 'chat-mini' }],
        ['d', { ...tags, namespace: 'team:blue' }],
        ['e', other],
      ];
      for (const [digest, entryTags] of entries) await store.set(digest, answer(entryTags, digest), 60_000);
      const present = async () => {
        const found: string[] = [];
        for (const [digest, entryTags] of entries) {
          if ((await store.get({ digest, tags: entryTags })) !== undefined) found.push(digest);
        }
        return found;
      };
      expect(await store.purge({ organizationId: tags.organizationId, route: 'fast' })).toBe(1);
      expect(await present()).toEqual(['a', 'c', 'd', 'e']);
      expect(await store.purge({ organizationId: tags.organizationId, namespace: 'team:blue' })).toBe(1);
      expect(await store.purge({ organizationId: tags.organizationId, model: 'chat-mini' })).toBe(1);
      expect(await present()).toEqual(['a', 'e']);
      expect(await store.purge({ organizationId: tags.organizationId })).toBe(1);
      expect(await present()).toEqual(['e']);
    });

    it('tells its watchers the digests it purged, and nothing of what it kept', async () => {
      const { store, tags, shared } = await harness();
      const told: DroppedEntries[] = [];
      store.watchDrops((dropped) => told.push(dropped));
      for (const digest of ['p1', 'p2', 'k1']) {
        const route = digest.startsWith('p') ? 'purged' : 'kept';
        await store.set(digest, answer({ ...tags, route }, digest), 60_000);
      }
      expect(await store.purge({ organizationId: tags.organizationId, route: 'purged' })).toBe(2);
      expect(told.flatMap((dropped) => dropped.digests).sort()).toEqual(['p1', 'p2']);
      expect(told.every((dropped) => dropped.shared === shared)).toBe(true);
      expect(await store.purge({ organizationId: tags.organizationId, route: 'none' })).toBe(0);
      expect(told.flatMap((dropped) => dropped.digests)).toHaveLength(2);
    });

    it('visits the meaning of every live entry filed by one, once', async () => {
      const { store, tags, pass } = await harness();
      await store.set('s1', answer(tags, 'one'), 60_000);
      const meaning = { partition: 'p', vector: 'AQ==', embedder: 'model-x' };
      await store.set('s2', { ...answer({ ...tags, namespace: 'n:1' }, 'two'), meaning }, 60_000);
      await store.set(
        's3',
        {
          ...answer(tags, 'three'),
          storedAt: 1_764_000_000_123,
          meaning: { partition: 'q', vector: 'Ag==' },
        },
        60_000,
      );
      await store.set('gone', { ...answer(tags, 'four'), meaning }, 50);
      await pass(200);
      const seen = new Map<string, StoredMeaning>();
      // A shared Redis holds other tests' entries too: look only at this test's digests.
      await store.scanMeanings((digest, found) => {
        if (['s1', 's2', 's3', 'gone'].includes(digest)) {
          expect(seen.has(digest)).toBe(false);
          seen.set(digest, found);
        }
      });
      // When each answer expires, on the wall clock (the index's): 60 s after it was set, less
      // the time that passed.
      const expiry = expect.toSatisfy(
        (value: unknown) =>
          typeof value === 'number' && value > Date.now() + 50_000 && value <= Date.now() + 60_000,
      ) as unknown as number;
      expect([...seen].sort()).toEqual([
        ['s2', { ...meaning, storedAt: 1_700_000_000_000, expiresAt: expiry }],
        ['s3', { partition: 'q', vector: 'Ag==', storedAt: 1_764_000_000_123, expiresAt: expiry }],
      ]);
    });

    it('keeps tags with colons, stars and non-Latin text apart', async () => {
      const { store, tags } = await harness();
      const odd = { ...tags, route: 'a:*', namespace: 'équipe:[x]' };
      await store.set('d1', answer(odd, 'odd'), 60_000);
      await store.set('d2', answer({ ...tags, route: 'a:b' }, 'plain'), 60_000);
      expect(await store.purge({ organizationId: tags.organizationId, route: 'a:*' })).toBe(1);
      expect(await store.get({ digest: 'd2', tags: { ...tags, route: 'a:b' } })).toBeDefined();
      expect(await store.get({ digest: 'd1', tags: odd })).toBeUndefined();
    });
  });
}
