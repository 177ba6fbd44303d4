import { expect, it } from 'vitest';
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
      await store.scan((_digest, entry) => seen.push(entry));
      expect(seen.every((entry) => typeof entry === 'object' && entry !== null && 'tags' in entry)).toBe(
        true,
      );
      expect(await store.purge({ organizationId: 'nobody' })).toBe(0);
      expect(await calibrations.load()).toContainEqual(calibration);
    } finally {
      await store.close();
    }
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
