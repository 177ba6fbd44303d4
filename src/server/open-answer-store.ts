// The exact cache's store for this process, from the config's `cache:` section: Redis (shared by
// replicas) when asked for, or by default whenever storage.redisUrl is set; else in process.
// Opened at start even when no route caches yet, so a config reload can turn caching on.

import type { GatewayConfig } from '../config/config-schema.js';
import type { AnswerStore } from '../cache/exact/answer-store.js';
import { MemoryAnswerStore } from '../cache/exact/memory-answer-store.js';

export async function openAnswerStore(
  config: GatewayConfig,
  log: (line: string) => void,
): Promise<AnswerStore> {
  const { store, maxBytes } = config.cache;
  const redisUrl = config.storage.redisUrl;
  if (store === 'redis' && redisUrl === undefined) {
    throw new Error('cache.store is redis, but storage.redisUrl is not set');
  }
  if (store === 'memory' || redisUrl === undefined) return new MemoryAnswerStore(maxBytes);
  const { RedisAnswerStore } = await import('../cache/exact/redis-answer-store.js');
  let reported = 0;
  return RedisAnswerStore.connect({
    url: redisUrl,
    prefix: config.storage.redisPrefix,
    onError: (error) => {
      // A flapping Redis fails every lookup: one line per minute is enough to notice.
      if (Date.now() - reported < 60_000) return;
      reported = Date.now();
      log(`switchyard warn: the cache's Redis failed (requests went upstream): ${String(error)}`);
    },
  });
}
