import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { AnswerStoreStats } from '../cache/exact/answer-store.js';
import { registerCacheStore } from './metrics-cache-store.js';

const line = (text: string, name: string) => text.split('\n').find((entry) => entry.startsWith(`${name} `));

describe('the in-process exact cache on /metrics', () => {
  it('reads the store at each scrape: gauges as they are, counters by what they gained', async () => {
    const registry = new Registry();
    let stats: AnswerStoreStats = { entries: 10, bytes: 5000, capacityBytes: 16e6, evicted: 3, expired: 1 };
    registerCacheStore(registry, () => stats);
    let text = await registry.metrics();
    expect(line(text, 'switchyard_cache_entries')).toBe('switchyard_cache_entries 10');
    expect(line(text, 'switchyard_cache_bytes')).toBe('switchyard_cache_bytes 5000');
    expect(line(text, 'switchyard_cache_capacity_bytes')).toBe('switchyard_cache_capacity_bytes 16000000');
    expect(line(text, 'switchyard_cache_evicted_total')).toBe('switchyard_cache_evicted_total 3');
    expect(line(text, 'switchyard_cache_expired_total')).toBe('switchyard_cache_expired_total 1');
    stats = { entries: 8, bytes: 4000, capacityBytes: 16e6, evicted: 7, expired: 1 };
    text = await registry.metrics();
    expect(line(text, 'switchyard_cache_entries')).toBe('switchyard_cache_entries 8');
    expect(line(text, 'switchyard_cache_evicted_total')).toBe('switchyard_cache_evicted_total 7');
    expect(line(text, 'switchyard_cache_expired_total')).toBe('switchyard_cache_expired_total 1');
  });
});
