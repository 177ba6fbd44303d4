// The in-process exact cache on /metrics, read at each scrape: how many answers it holds, their
// bytes against its size, and how many it dropped to make room or found expired. An operator sees
// whether `cache.maxBytes` is too small (evictions climbing while entries sit at the same count)
// before the hit rate says so. A Redis store keeps its own figures (INFO), so nothing here.

import { seriesRows } from './series-table.js';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { AnswerStoreStats } from '../cache/exact/answer-store.js';

const gauges = {
  entries: ['switchyard_cache_entries', 'Answers in the in-process exact cache.'],
  bytes: ['switchyard_cache_bytes', 'Bytes of the answers in the in-process exact cache.'],
  capacityBytes: [
    'switchyard_cache_capacity_bytes',
    'The in-process exact cache size (cache.maxBytes, as blocks).',
  ],
} as const;

const counters = {
  evicted: ['switchyard_cache_evicted_total', 'Answers the in-process exact cache dropped to make room.'],
  expired: [
    'switchyard_cache_expired_total',
    'Answers a read of the in-process exact cache found past their TTL.',
  ],
} as const;

/** Registers the series of an in-process store (not for Redis: the gateway registers none then). */
export function registerCacheStore(registry: Registry, stats: () => AnswerStoreStats): void {
  for (const { field, name, help } of seriesRows(gauges)) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(stats()[field]);
      },
    });
  }
  for (const { field, name, help } of seriesRows(counters)) {
    /** The store's own count at the last scrape. */
    let seen = 0;
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const count = stats()[field];
        if (count > seen) this.inc(count - seen);
        seen = count;
      },
    });
  }
}
