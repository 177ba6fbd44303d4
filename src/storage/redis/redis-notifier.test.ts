import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { notifierCase } from '../notifier.case.js';
import type { Notifier } from '../notifier.js';
import { describeWithRedis } from '../testing/services.js';
import { RedisNotifier } from './redis-notifier.js';

describeWithRedis('RedisNotifier', (redis) => {
  notifierCase('redis', async () => {
    const opened: Notifier[] = [];
    return {
      open: async (options) => {
        const notifier = await RedisNotifier.connect({
          ...options,
          url: redis.url,
          channelPrefix: redis.prefix,
        });
        opened.push(notifier);
        return notifier;
      },
      close: async () => {
        await Promise.all(opened.map((notifier) => notifier.close()));
      },
    };
  });

  it('keeps deployments with different channel prefixes apart', async () => {
    const first = await RedisNotifier.connect({ url: redis.url, channelPrefix: `${redis.prefix}a:` });
    const second = await RedisNotifier.connect({ url: redis.url, channelPrefix: `${redis.prefix}b:` });
    try {
      const received: string[] = [];
      await second.subscribe('keys', (message) => received.push(message));
      await first.publish('keys', 'other deployment');
      await second.publish('keys', 'same deployment');
      const deadline = Date.now() + 3000;
      while (received.length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(received).toEqual(['same deployment']);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});

describe('RedisNotifier.connect', () => {
  it('rejects with a clear error when nothing listens on the port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(
      RedisNotifier.connect({
        url: `redis://127.0.0.1:${port}`,
        connectTimeoutMs: 500,
        onConnectionError: () => undefined,
      }),
    ).rejects.toThrow(new RegExp(`cannot reach Redis at 127\\.0\\.0\\.1:${port}`));
  });
});
