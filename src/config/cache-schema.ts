// The exact cache in the config: `cache:` (where entries live and how much memory they may take),
// `defaults.cache` (per route: on or off, time to live, largest entry) and each model's `cache:`
// block, which overrides any of those fields for its route. Off unless a route turns it on.

import { z } from 'zod';
import { byteSize, flag, milliseconds, text } from './schema-fields.js';

export const cacheDefaults = {
  enabled: false,
  ttlMs: 3_600_000,
  maxEntryBytes: 1024 ** 2,
  maxBytes: 16 * 1024 ** 2,
  semanticMaxBytes: 64 * 1024 ** 2,
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

const share = (minimum: number, maximum: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
    z.number().min(minimum).max(maximum),
  );

/** A route's semantic cache: answers to requests that mean the same (docs/caching.md). */
export const semanticCacheSchema = z.strictObject({
  enabled: flag().default(true).describe('Also answer requests that mean the same as a cached one.'),
  errorBudget: share(0.001, 0.5)
    .default(0.01)
    .describe('The largest share of wrong answers among semantic hits the route accepts (0.01: 1%).'),
  confidence: share(0.5, 0.999)
    .default(0.95)
    .describe('How sure the calibration must be that the error budget holds before a threshold is used.'),
  verifyShare: share(0, 1)
    .default(0.05)
    .describe('Share of would-be hits still sent upstream, to keep checking the threshold.'),
  minimumScore: share(-1, 1)
    .default(0.5)
    .describe('Nearest cached prompts less similar than this are not candidates at all.'),
  text: z
    .enum(['last-turn', 'conversation'])
    .default('last-turn')
    .describe('What is compared by meaning: the final user turn, or the whole conversation.'),
  allowTools: flag()
    .default(false)
    .describe(
      'Also compare requests that offer tools or carry tool calls (off: they use the exact cache only).',
    ),
  embedder: text()
    .optional()
    .describe(
      'An embeddings model of this config (a models: key of kind embeddings) to embed prompts with, through the gateway; default: the embedded encoder, offline.',
    ),
  budgetMs: milliseconds()
    .default(50)
    .describe('Longest wait for a semantic lookup; a slower one is a miss.'),
  race: flag()
    .default(false)
    .describe(
      'Send the request upstream while the lookup runs, instead of after it: a miss never waits, and a hit cancels the upstream call (which may still be billed).',
    ),
});

/** A model's `cache:`: any subset, over `defaults.cache`. */
export const routeCacheSchema = z.strictObject({
  enabled: routeFields.enabled.optional(),
  ttlMs: routeFields.ttlMs.optional(),
  maxEntryBytes: routeFields.maxEntryBytes.optional(),
  semantic: semanticCacheSchema.optional().describe('Answer requests that mean the same as a cached one.'),
});

export type SemanticCacheSettings = z.output<typeof semanticCacheSchema>;

/** The top-level `cache:` section. */
export const cacheStoreSchema = z.strictObject({
  store: z
    .enum(['auto', 'memory', 'redis'])
    .default('auto')
    .describe(
      'memory: in this process; redis: shared by replicas (needs storage.redisUrl); auto: redis when storage.redisUrl is set.',
    ),
  maxBytes: byteSize()
    .default(cacheDefaults.maxBytes)
    .describe('The in-process cache holds at most this much (its oldest block of answers goes first).'),
  persist: flag()
    .default(false)
    .describe('Keep the in-process cache across a graceful restart, in <dataDir>/cache.db.'),
  semanticMaxBytes: byteSize()
    .pipe(z.number().min(1024 ** 2, 'must be at least 1mb'))
    .default(cacheDefaults.semanticMaxBytes)
    .describe(
      "The semantic index's size, per embedder: past it the oldest prompts are evicted (64mb holds about 165,000 of the embedded encoder's 512-dimension vectors). Read when its thread starts.",
    ),
});

export type RouteCacheDefaults = z.output<typeof routeCacheDefaultsSchema>;
export type RouteCacheOverrides = z.output<typeof routeCacheSchema>;
