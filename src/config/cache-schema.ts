// The exact cache in the config: `cache:` (where entries live and how much memory they may take),
// `defaults.cache` (per route: on or off, time to live, largest entry) and each model's `cache:`
// block, which overrides any of those fields for its route. Off unless a route turns it on.

import { z } from 'zod';
import { byteSize, flag, milliseconds } from './schema-fields.js';

export const cacheDefaults = {
  enabled: false,
  ttlMs: 3_600_000,
  maxEntryBytes: 1024 ** 2,
  maxBytes: 256 * 1024 ** 2,
} as const;

const routeFields = {
  enabled: flag().describe('Serve repeated requests of this route from the exact cache.'),
  ttlMs: milliseconds().describe('How long an answer stays served from the cache.'),
  maxEntryBytes: byteSize().describe('Answers larger than this are not stored: bytes or text like "256kb".'),
};

/** `defaults.cache`: every field, with defaults. */
export const routeCacheDefaultsSchema = z.strictObject({
  enabled: routeFields.enabled.default(cacheDefaults.enabled),
  ttlMs: routeFields.ttlMs.default(cacheDefaults.ttlMs),
  maxEntryBytes: routeFields.maxEntryBytes.default(cacheDefaults.maxEntryBytes),
});

/** A model's `cache:`: any subset, over `defaults.cache`. */
export const routeCacheSchema = z.strictObject({
  enabled: routeFields.enabled.optional(),
  ttlMs: routeFields.ttlMs.optional(),
  maxEntryBytes: routeFields.maxEntryBytes.optional(),
});

/** The top-level `cache:` section. */
export const cacheStoreSchema = z.strictObject({
  store: z
    .enum(['auto', 'memory', 'redis'])
    .default('auto')
    .describe('memory: in this process; redis: shared by replicas (needs storage.redisUrl); auto: redis when storage.redisUrl is set.'),
  maxBytes: byteSize()
    .default(cacheDefaults.maxBytes)
    .describe('The in-process cache holds at most this much (least recently used answers go first).'),
  persist: flag()
    .default(false)
    .describe('Keep the in-process cache across a graceful restart, in <dataDir>/cache.db.'),
});

export type RouteCacheDefaults = z.output<typeof routeCacheDefaultsSchema>;
export type RouteCacheOverrides = z.output<typeof routeCacheSchema>;
