import { useModel } from '../cache/semantic/use-embedder.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MemoryAnswerStore } from '../cache/exact/memory-answer-store.js';
import type { AnswerStore, DroppedEntries } from '../cache/exact/answer-store.js';
import type { CachedAnswer } from '../cache/exact/cached-answer.js';
import { vectorText } from '../cache/semantic/vector-text.js';
import { semanticCacheSchema } from '../config/cache-schema.js';
import { MemoryHub, MemoryNotifier } from '../storage/memory/memory-notifier.js';
import { SemanticCache, type SemanticIndex } from './semantic-cache.js';
import { parseSemanticNews, semanticChannel } from './semantic-news.js';
import type { StoredCalibration } from '../cache/semantic/calibration-store.js';

const settings = semanticCacheSchema.parse({});
const tags = { organizationId: 'acme', projectId: null, route: 'chat', model: 'chat', namespace: '' };

function fakeIndex() {
  const added: Array<[string, string, number[]]> = [];
  /** When each added entry's answer expires, by id (undefined: not given). */
  const expiries = new Map<string, number | undefined>();
  const removed: string[] = [];
  const index: SemanticIndex = {
    model: useModel,
    dimensions: 2,
    lookup: async () => ({ status: 'searched', hits: [], vector: new Float32Array([0.6, 0.8]) }),
    lookupVector: async (_partition, vector) => ({ status: 'searched', hits: [], vector }),
    add: async (id, partition, content, expiresAt) => {
      added.push([id, partition, Array.from(content as Float32Array)]);
      expiries.set(id, expiresAt);
    },
    addMany: async (ids, partitions, vectors, _filedAt, expiresAt) => {
      ids.forEach((id, entry) => {
        added.push([id, partitions[entry]!, Array.from(vectors.subarray(entry * 2, entry * 2 + 2))]);
        expiries.set(id, expiresAt?.[entry]);
      });
      return ids.length;
    },
    remove: async (ids) => (removed.push(...ids), ids.length),
    close: async () => undefined,
  };
  return { index, added, removed, expiries };
}

/** A store whose drops the test makes happen (with the shared flag it chooses). */
function droppingStore() {
  const memory = new MemoryAnswerStore(1e6);
  const listeners: Array<(dropped: DroppedEntries) => void> = [];
  const store: AnswerStore = {
    get: (key) => memory.get(key),
    set: (digest, answer, ttlMs) => memory.set(digest, answer, ttlMs),
    scanMeanings: (visit) => memory.scanMeanings(visit),
    purge: (filter) => memory.purge(filter),
    close: () => memory.close(),
    watchDrops: (listener) => void listeners.push(listener),
  };
  const drop = (digests: string[], shared: boolean) => {
    for (const listener of listeners) listener({ digests, shared });
  };
  return { store, drop };
}

/** Starts the cache's index (the first lookup does) and waits until it is ready. */
async function started(cache: SemanticCache, lines: string[]): Promise<void> {
  await cache.nearest(() => 'p', 'start', settings);
  for (
    let tries = 0;
    tries < 100 && !lines.some((line) => line.startsWith('Semantic cache ready'));
    tries++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const entry = (meaning?: CachedAnswer['meaning']): CachedAnswer => ({
  tags,
  storedAt: 0,
  content: { kind: 'json', body: '{}' },
  saved: { inputTokens: 0, outputTokens: 0, usd: null },
  ...(meaning ? { meaning } : {}),
});

describe('SemanticCache', () => {
  it('rebuilds its index from the stored entries that carry an embedding', async () => {
    const store = new MemoryAnswerStore(1e6);
    await store.set('with', entry({ partition: 'p1', vector: vectorText(new Float32Array([3, 4])) }), 60_000);
    await store.set('without', entry(), 60_000);
    await store.set(
      'other-size',
      entry({ partition: 'p1', vector: vectorText(new Float32Array([1, 2, 3])) }),
      60_000,
    );
    const { index, added } = fakeIndex();
    const lines: string[] = [];
    const cache = new SemanticCache({ log: (line) => lines.push(line), store, start: async () => index });
    await started(cache, lines);
    expect(added.map(([id, partition]) => [id, partition])).toEqual([['with', 'p1']]);
    expect(added[0]![2][1]! / added[0]![2][0]!).toBeCloseTo(4 / 3, 1);
    expect(lines.at(-1)).toMatch(
      /^Semantic cache ready: use-lite-int8@energetic-ai-0.2.0 loaded in \d+ ms, 1 cached prompt indexed\.$/,
    );
  });

  it('rebuilds a large index in blocks of 1,024 entries', async () => {
    const store = new MemoryAnswerStore(16e6);
    for (let number = 0; number < 1500; number++) {
      const vector = vectorText(new Float32Array([1, number + 1]));
      const stored = number === 7 ? entry() : entry({ partition: 'p1', vector });
      await store.set(`e${number}`, { ...stored, storedAt: 1_700_000_000_000 + number }, 60_000);
    }
    const { index, added, expiries } = fakeIndex();
    const blocks: number[] = [];
    const filed: number[] = [];
    const addMany = index.addMany;
    index.addMany = async (ids, partitions, vectors, filedAt, expiresAt) => {
      blocks.push(ids.length);
      filed.push(...(filedAt ?? []));
      return addMany(ids, partitions, vectors, filedAt, expiresAt);
    };
    const lines: string[] = [];
    const cache = new SemanticCache({ log: (line) => lines.push(line), store, start: async () => index });
    await started(cache, lines);
    expect(blocks).toEqual([1024, 475]);
    expect(new Set(added.map(([id]) => id)).size).toBe(1499);
    // Each filed when its answer was stored, so the index's cap evicts the oldest first.
    expect(filed).toHaveLength(1499);
    const expected = Array.from({ length: 1500 }, (_, number) => 1_700_000_000_000 + number).filter(
      (time) => time !== 1_700_000_000_007,
    );
    expect(filed.sort((left, right) => left - right)).toEqual(expected);
    // And each until its answer expires (stored for 60 s): searches pass it by after that.
    expect(expiries.size).toBe(1499);
    for (const expiresAt of expiries.values()) {
      expect(expiresAt).toBeGreaterThan(Date.now() + 50_000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
    }
    expect(lines.at(-1)).toMatch(/1499 cached prompts indexed\.$/);
  });

  it('is ready with what it read when the store fails partway through the rebuild, and says so', async () => {
    const { store } = droppingStore();
    const vector = vectorText(new Float32Array([3, 4]));
    store.scanMeanings = async (visit) => {
      visit('first', { partition: 'p1', vector, storedAt: 1 });
      visit('second', { partition: 'p1', vector, storedAt: 2 });
      throw new Error('Command timed out');
    };
    const { index, added } = fakeIndex();
    const lines: string[] = [];
    const cache = new SemanticCache({ log: (line) => lines.push(line), store, start: async () => index });
    onTestFinished(() => cache.close());
    await started(cache, lines);
    expect(added.map(([id]) => id)).toEqual(['first', 'second']);
    expect(lines.slice(-2)).toEqual([
      "switchyard warn: the semantic cache's rebuild read 2 cached prompts, not all: the cache's store " +
        'failed (Error: Command timed out); prompts cached from now on are indexed as usual.',
      expect.stringMatching(/^Semantic cache ready: \S+ loaded in \d+ ms, 2 cached prompts indexed\.$/),
    ]);
    // Lookups reach the index (before the fix the slot stayed "starting" for good: every lookup a miss).
    expect(await cache.nearest(() => 'p1', 'a prompt', settings)).toMatchObject({
      lookup: { status: 'searched' },
    });
  });

  it('shares new entries and verdicts with the other replicas', async () => {
    const hub = new MemoryHub();
    const replicas = [0, 1].map(() => {
      const notifier = new MemoryNotifier({ hub });
      const { index, added, expiries } = fakeIndex();
      const lines: string[] = [];
      const cache = new SemanticCache({
        log: (line) => lines.push(line),
        notifier,
        start: async () => index,
      });
      onTestFinished(async () => {
        await cache.close();
        await notifier.close();
      });
      return { cache, added, expiries, lines };
    });
    for (const replica of replicas) {
      await replica.cache.listen();
      await started(replica.cache, replica.lines);
    }
    const [first, second] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
    await first.cache.add('d1', 'p1', useModel, new Float32Array([0.6, 0.8]), 1_800_000_000_000);
    first.cache.verdict('chat\u0000r', settings, 0.91, true);
    await expect.poll(() => second.added.map(([id]) => id)).toEqual(['d1']);
    // Filed on the other replica until the same moment as here.
    expect(second.expiries.get('d1')).toBe(1_800_000_000_000);
    expect(first.expiries.get('d1')).toBe(1_800_000_000_000);
    await expect.poll(() => second.cache.calibrator('chat\u0000r', settings).samples).toBe(1);
    // Each replica hears the others, never itself.
    expect(first.added.map(([id]) => id)).toEqual(['d1']);
    expect(first.cache.calibrator('chat\u0000r', settings).samples).toBe(1);
  });
});

describe('SemanticCache, when the store drops answers', () => {
  it('forgets the prompts of answers the in-process store evicted, expired or purged', async () => {
    const store = new MemoryAnswerStore(1e6);
    const vector = vectorText(new Float32Array([3, 4]));
    for (const digest of ['kept', 'purged']) {
      const route = digest === 'kept' ? 'chat' : 'old';
      await store.set(digest, { ...entry({ partition: 'p1', vector }), tags: { ...tags, route } }, 60_000);
    }
    const { index, removed } = fakeIndex();
    const lines: string[] = [];
    const cache = new SemanticCache({ log: (line) => lines.push(line), store, start: async () => index });
    await started(cache, lines);
    expect(await store.purge({ organizationId: 'acme', route: 'old' })).toBe(1);
    expect(removed).toEqual(['purged']);
  });

  /** A replica with a store whose drops the test makes happen, on the hub's notifier. */
  function droppingReplica(hub: MemoryHub) {
    const notifier = new MemoryNotifier({ hub });
    const { store, drop } = droppingStore();
    const { index, removed } = fakeIndex();
    const lines: string[] = [];
    const cache = new SemanticCache({
      log: (line) => lines.push(line),
      notifier,
      store,
      start: async () => index,
    });
    onTestFinished(async () => {
      await cache.close();
      await notifier.close();
    });
    return { cache, drop, removed, lines };
  }

  it('tells the other replicas what a shared store purged, in batches, and never itself', async () => {
    const hub = new MemoryHub();
    const first = droppingReplica(hub);
    const second = droppingReplica(hub);
    for (const replica of [first, second]) {
      await replica.cache.listen();
      await started(replica.cache, replica.lines);
    }
    const listener = new MemoryNotifier({ hub });
    onTestFinished(() => listener.close());
    const batches: number[] = [];
    await listener.subscribe(semanticChannel, (text) => {
      const news = parseSemanticNews(text);
      if (news?.kind === 'forget') batches.push(news.digests.length);
    });
    const purged = Array.from({ length: 1200 }, (_, number) => `d${number}`);
    first.drop(purged, true);
    await expect.poll(() => second.removed.length).toBe(1200);
    expect(second.removed).toEqual(purged);
    expect(first.removed).toEqual(purged);
    expect(batches).toEqual([500, 500, 200]);
    // An in-process drop concerns its own replica alone.
    first.drop(['local'], false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(first.removed.at(-1)).toBe('local');
    expect(second.removed).toHaveLength(1200);
    expect(batches).toHaveLength(3);
  });

  it('passes on a shared purge even before its own index has started', async () => {
    const hub = new MemoryHub();
    const idle = droppingReplica(hub);
    const busy = droppingReplica(hub);
    await idle.cache.listen();
    await busy.cache.listen();
    await started(busy.cache, busy.lines);
    idle.drop(['gone'], true);
    await expect.poll(() => busy.removed).toEqual(['gone']);
    expect(idle.removed).toEqual([]);
  });
});

describe('SemanticCache calibrations', () => {
  it('loads stored calibrations, and saves changed ones on close', async () => {
    const saved: StoredCalibration[][] = [];
    const stored: StoredCalibration = {
      routeKey: 'chat\u0000r',
      errorBudget: settings.errorBudget,
      confidence: settings.confidence,
      snapshot: { binsPerUnit: 1000, bins: [[1900, 300, 0]] },
    };
    const calibrations = {
      load: async () => [stored],
      save: async (list: readonly StoredCalibration[]) => void saved.push([...list]),
    };
    const cache = new SemanticCache({ log: () => {}, calibrations });
    await cache.listen();
    const calibrator = cache.calibrator('chat\u0000r', settings);
    expect(calibrator.samples).toBe(300);
    expect(calibrator.serves(0.95)).toBe(true);
    await cache.close();
    expect(saved).toEqual([]); // nothing changed since the load
    const again = new SemanticCache({ log: () => {}, calibrations });
    await again.listen();
    again.verdict('chat\u0000r', settings, 0.97, false);
    await again.close();
    expect(saved).toHaveLength(1);
    expect(saved[0]![0]!.snapshot.bins).toContainEqual([1970, 0, 1]);
  });

  it('starts afresh, saying so, when the stored calibrations cannot be read', async () => {
    const lines: string[] = [];
    const broken = {
      load: async () => Promise.reject(new Error('disk on fire')),
      save: async () => undefined,
    };
    const cache = new SemanticCache({ log: (line) => lines.push(line), calibrations: broken });
    await cache.listen();
    await cache.close();
    expect(lines[0]).toMatch(
      /could not load the semantic cache's calibrations \(starting afresh\): Error: disk on fire/,
    );
    expect(cache.calibrator('x', settings).samples).toBe(0);
  });
});

describe('parseSemanticNews', () => {
  it('takes well-formed entries and verdicts', () => {
    const entryNews = {
      origin: 'o',
      kind: 'entry',
      digest: 'd',
      partition: 'p',
      embedder: 'e',
      vector: 'AQI=',
    };
    expect(parseSemanticNews(JSON.stringify(entryNews))).toEqual(entryNews);
    const expiring = { ...entryNews, expiresAt: 1_800_000_000_000 };
    expect(parseSemanticNews(JSON.stringify(expiring))).toEqual(expiring);
    for (const expiresAt of ['soon', -1, null]) {
      expect(parseSemanticNews(JSON.stringify({ ...entryNews, expiresAt }))).toBeUndefined();
    }
    const verdict = {
      origin: 'o',
      kind: 'verdict',
      routeKey: 'r',
      errorBudget: 0.01,
      confidence: 0.95,
      score: 0.9,
      correct: false,
    };
    expect(parseSemanticNews(JSON.stringify(verdict))).toEqual(verdict);
  });

  it('takes a well-formed forget, and refuses one with too many or empty digests', () => {
    const forget = { origin: 'o', kind: 'forget', digests: ['a', 'b'] };
    expect(parseSemanticNews(JSON.stringify(forget))).toEqual(forget);
    const many = { ...forget, digests: Array.from({ length: 1001 }, (_, number) => `d${number}`) };
    expect(parseSemanticNews(JSON.stringify(many))).toBeUndefined();
    expect(parseSemanticNews(JSON.stringify({ ...forget, digests: ['a', ''] }))).toBeUndefined();
    expect(parseSemanticNews(JSON.stringify({ ...forget, digests: 'a' }))).toBeUndefined();
  });

  it.each([
    ['not JSON', 'nope'],
    ['no origin', JSON.stringify({ kind: 'entry', digest: 'd', partition: 'p', vector: 'v' })],
    ['an unknown kind', JSON.stringify({ origin: 'o', kind: 'drop-all' })],
    [
      'a score out of range',
      JSON.stringify({
        origin: 'o',
        kind: 'verdict',
        routeKey: 'r',
        errorBudget: 0.01,
        confidence: 0.95,
        score: 7,
        correct: true,
      }),
    ],
    [
      'a budget of 100%',
      JSON.stringify({
        origin: 'o',
        kind: 'verdict',
        routeKey: 'r',
        errorBudget: 1,
        confidence: 0.95,
        score: 0.5,
        correct: true,
      }),
    ],
    [
      'a huge vector',
      JSON.stringify({ origin: 'o', kind: 'entry', digest: 'd', partition: 'p', vector: 'A'.repeat(9000) }),
    ],
  ])('drops %s', (_name, text) => {
    expect(parseSemanticNews(text)).toBeUndefined();
  });
});
