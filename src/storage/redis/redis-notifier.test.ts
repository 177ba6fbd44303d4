import { describe, expect, it } from 'vitest';
import { networkedNotifierCase } from '../notifier.case.js';
import { closedPort } from '../testing/closed-port.js';
import { describeWithRedis } from '../testing/services.js';
import { RedisNotifier } from './redis-notifier.js';

describeWithRedis('RedisNotifier', (redis) => {
  networkedNotifierCase(
    'redis',
    () => redis.prefix,
    (channelPrefix, options) => RedisNotifier.connect({ ...options, url: redis.url, channelPrefix }),
  );
});

describe('RedisNotifier.connect', () => {
  it('rejects with a clear error when nothing listens on the port', async () => {
    const port = await closedPort();
    await expect(
      RedisNotifier.connect({
        url: `redis://127.0.0.1:${port}`,
        connectTimeoutMs: 500,
        onConnectionError: () => undefined,
      }),
    ).rejects.toThrow(new RegExp(`cannot reach Redis at 127\\.0\\.0\\.1:${port}`));
  });
});
