import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { expect, it, onTestFinished } from 'vitest';
import { TcpCutProxy } from '../../../test/support/tcp-cut-proxy.js';
import { describeWithRedis } from '../../storage/testing/services.js';
import { answerStoreCase } from './answer-store.case.js';
import { RedisAnswerStore } from './redis-answer-store.js';

describeWithRedis('RedisAnswerStore', (redis) => {
  answerStoreCase('redis', async () => ({
    store: await RedisAnswerStore.connect({ url: redis.url, prefix: redis.prefix, onError: () => {} }),
    pass: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    shared: true,
  }));

  it('keeps semantic calibrations in a hash that scans and purges never touch', async () => {
    const store = await RedisAnswerStore.connect({ url: redis.url, prefix: redis.prefix, onError: () => {} });
    try {
      const calibrations = store.calibrations();
      const calibration = {
        routeKey: `chat-${Math.random()}`,
        errorBudget: 0.01,
        confidence: 0.95,
        snapshot: { binsPerUnit: 1000, bins: [[1900, 3, 1]] as Array<[number, number, number]> },
      };
      await calibrations.save([calibration]);
      expect(await calibrations.load()).toContainEqual(calibration);
      const seen: unknown[] = [];
      await store.scanMeanings((_digest, meaning) => seen.push(meaning));
      expect(
        seen.every((meaning) => typeof meaning === 'object' && meaning !== null && 'vector' in meaning),
      ).toBe(true);
      expect(await store.purge({ organizationId: 'nobody' })).toBe(0);
      expect(await calibrations.load()).toContainEqual(calibration);
    } finally {
      await store.close();
    }
  });

  it('reads meanings by script, past keys that are not answers; whole answers when Redis refuses scripts', async () => {
    const raw = new Redis(redis.url);
    const user = `switchyard-test-${randomUUID()}`;
    onTestFinished(async () => {
      await raw.call('ACL', 'DELUSER', user);
      raw.disconnect();
    });
    const errors: unknown[] = [];
    const open = (url: string) =>
      RedisAnswerStore.connect({ url, prefix: redis.prefix, onError: (error) => errors.push(error) });
    const store = await open(redis.url);
    onTestFinished(() => store.close());
    const tags = {
      organizationId: `org-${randomUUID()}`,
      projectId: null,
      route: 'r',
      model: 'm',
      namespace: '',
    };
    const digest = randomUUID();
    const meaning = { partition: 'p', vector: 'AQI=', embedder: 'e' };
    await store.set(
      digest,
      {
        tags,
        storedAt: 1_764_000_000_001,
        content: { kind: 'json', body: '{}' },
        saved: { inputTokens: 1, outputTokens: 1, usd: 0 },
        meaning,
      },
      60_000,
    );
    // Under the cache's prefix but not answers: a hash, a string that is not JSON.
    await raw.hset(`${redis.prefix}cache:odd:${randomUUID()}`, 'field', 'value');
    await raw.set(`${redis.prefix}cache:junk:${randomUUID()}`, 'not json', 'PX', 60_000);
    const meanings = async (from: RedisAnswerStore) => {
      const found: unknown[] = [];
      await from.scanMeanings((seen, stored) => {
        if (seen === digest) found.push(stored);
      });
      return found;
    };
    // When the answer expires, from its TTL (60 s, less the moments since it was set).
    const expiry = expect.toSatisfy(
      (value: unknown) =>
        typeof value === 'number' && value > Date.now() + 50_000 && value <= Date.now() + 60_000,
    ) as unknown as number;
    expect(await meanings(store)).toEqual([{ ...meaning, storedAt: 1_764_000_000_001, expiresAt: expiry }]);
    expect(errors).toEqual([]);
    // A user who may not run scripts: the store reads whole answers instead, and says so once.
    await raw.call('ACL', 'SETUSER', user, 'on', '>secret', '~*', '&*', '+@all', '-@scripting');
    const url = new URL(redis.url);
    url.username = user;
    url.password = 'secret';
    const limited = await open(url.href);
    onTestFinished(() => limited.close());
    expect(await meanings(limited)).toEqual([{ ...meaning, storedAt: 1_764_000_000_001, expiresAt: expiry }]);
    expect(await meanings(limited)).toHaveLength(1);
    expect(errors.map(String)).toEqual([
      expect.stringMatching(/refused the cache's meanings script.*NOPERM/),
    ]);
  });

  it('rebuilds and purges through a Redis that pauses longer than a read may wait', async () => {
    // A rebuild's scan and a purge are not requests: a Redis busy for a moment (a fork, a slow
    // script) must not end them. Before, they had the 100 ms read limit: a rebuild stopped there.
    const target = new URL(redis.url);
    const proxy = await TcpCutProxy.start(target.hostname, Number(target.port || 6379));
    onTestFinished(() => proxy.close());
    const through = new URL(redis.url);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    const prefix = `${redis.prefix}${randomUUID()}:`;
    const errors: unknown[] = [];
    const store = await RedisAnswerStore.connect({
      url: through.href,
      prefix,
      readTimeoutMs: 100,
      onError: (error) => errors.push(error),
    });
    onTestFinished(() => store.close());
    const tags = { organizationId: 'o', projectId: null, route: 'r', model: 'm', namespace: '' };
    const meaning = { partition: 'p', vector: 'AQI=', embedder: 'e' };
    for (let number = 0; number < 250; number++) {
      const answer = {
        tags,
        storedAt: number,
        content: { kind: 'json' as const, body: '{}' },
        saved: { inputTokens: 1, outputTokens: 1, usd: 0 },
        meaning,
      };
      await store.set(`d${number}`, answer, 60_000);
    }
    const pauseFor = (ms: number) => {
      proxy.stall();
      setTimeout(() => proxy.restore(), ms);
    };
    const seen = new Set<string>();
    await store.scanMeanings((digest) => {
      seen.add(digest);
      if (seen.size === 100) pauseFor(400);
    });
    expect(seen.size).toBe(250);
    pauseFor(400);
    expect(await store.purge({ organizationId: 'o' })).toBe(250);
    expect(errors).toEqual([]);
    // Reads still give up at their limit: a request never waits on a paused Redis.
    pauseFor(400);
    const started = Date.now();
    expect(await store.get({ digest: 'd1', tags })).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(350);
  });

  it('answers a read as a miss, and reports it, when Redis goes away', async () => {
    const errors: unknown[] = [];
    const store = await RedisAnswerStore.connect({
      url: redis.url,
      prefix: redis.prefix,
      onError: (error) => errors.push(error),
    });
    await store.close();
    const tags = { organizationId: 'o', projectId: null, route: 'r', model: 'm', namespace: '' };
    expect(await store.get({ digest: 'd', tags })).toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
  });

  it('fails to start with a clear message when Redis cannot be reached', async () => {
    await expect(
      RedisAnswerStore.connect({ url: 'redis://127.0.0.1:1', prefix: 'x:', onError: () => {} }),
    ).rejects.toThrow(/cannot reach Redis for the cache at 127.0.0.1:1/);
  });
});
