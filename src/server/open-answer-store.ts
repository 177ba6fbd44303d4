// The exact cache's store for this process, from the config's `cache:` section: Redis (shared by
// replicas) when asked for, or by default whenever storage.redisUrl is set; else in process.
// Opened at start even when no route caches yet, so a config reload can turn caching on. With
// `cache.persist`, the in-process cache is saved to <dataDir>/cache.db on shutdown and loaded at start;
// the semantic routes' calibrations are kept beside the entries (that file, or Redis).

import path from 'node:path';
import type { GatewayConfig } from '../config/config-schema.js';
import { loadSnapshot, saveSnapshot, sqliteCalibrationStore } from '../cache/exact/answer-snapshot.js';
import type { CalibrationStore } from '../cache/semantic/calibration-store.js';
import { delegatingStore, type AnswerStore } from '../cache/exact/answer-store.js';
import { MemoryAnswerStore } from '../cache/exact/memory-answer-store.js';

export interface OpenedCache {
  store: AnswerStore;
  /** Whether every replica shares the store (Redis), or each has its own (in process). */
  shared: boolean;
  /** Where semantic calibrations outlive the process: beside the entries, when they do. */
  calibrations?: CalibrationStore | undefined;
}

export async function openAnswerStore(
  config: GatewayConfig,
  log: (line: string) => void,
): Promise<OpenedCache> {
  const { store, maxBytes } = config.cache;
  const redisUrl = config.storage.redisUrl;
  if (store === 'redis' && redisUrl === undefined) {
    throw new Error('cache.store is redis, but storage.redisUrl is not set');
  }
  if (store === 'memory' || redisUrl === undefined) {
    const memory = new MemoryAnswerStore(maxBytes);
    if (!config.cache.persist) return { store: memory, shared: false };
    const file = path.join(config.storage.dataDir, 'cache.db');
    return { store: persisted(memory, file, log), shared: false, calibrations: sqliteCalibrationStore(file) };
  }
  const { RedisAnswerStore } = await import('../cache/exact/redis-answer-store.js');
  let reported = 0;
  const redis = await RedisAnswerStore.connect({
    url: redisUrl,
    prefix: config.storage.redisPrefix,
    onError: (error) => {
      // A flapping Redis fails every lookup: one line per minute is enough to notice.
      if (Date.now() - reported < 60_000) return;
      reported = Date.now();
      log(`switchyard warn: the cache's Redis failed (requests went upstream): ${String(error)}`);
    },
  });
  return { store: redis, shared: true, calibrations: redis.calibrations() };
}

/** The in-process cache filled from its snapshot now, and written back to it on close. */
function persisted(memory: MemoryAnswerStore, file: string, log: (line: string) => void): AnswerStore {
  const restored = memory.restore(loadSnapshot(file, Date.now(), log));
  if (restored > 0) log(`Restored ${restored} cached ${restored === 1 ? 'answer' : 'answers'} from ${file}.`);
  return {
    ...delegatingStore(memory),
    close: async () => {
      try {
        saveSnapshot(file, memory.entries());
      } catch (error) {
        log(`switchyard warn: could not save the cache snapshot ${file}: ${String(error)}`);
      }
      await memory.close();
    },
  };
}
