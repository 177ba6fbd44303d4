// The whole config file as a zod schema: shapes, defaults and per-field messages. Every object is
// strict so a typo is an error, not a silently ignored key. Rules that span entries (a target's
// provider must exist, ...) are in check-config.ts; nothing here reads files or the environment.

import path from 'node:path';
import { z } from 'zod';
import { catalogOverridesSchema } from '../catalog/catalog-overrides.js';
import { defaultRetryPolicy } from '../routing/retry-policy.js';
import { parseRange } from '../upstream/image-fetch-address.js';
import { breakerSchema } from './breaker-schema.js';
import { cacheStoreSchema, routeCacheDefaultsSchema } from './cache-schema.js';
import { guardrailOverridesSchema } from './guardrails-schema.js';
import { modelSchema, timeoutsSchema } from './model-schema.js';
import { providerSchema } from './provider-schema.js';
import { recordsSchema, telemetrySchema } from './records-schema.js';
import { byteSize, flag, integer, milliseconds, text, url } from './schema-fields.js';

const serverSchema = z.strictObject({
  host: text().default('127.0.0.1').describe('Interface to listen on; 0.0.0.0 for all.'),
  port: integer(0, 65_535).default(8787).describe('TCP port; 0 picks a free one.'),
  bodyLimit: byteSize()
    .default(32 * 1024 ** 2)
    .describe('Largest request body: bytes or text like "512kb"/"32mb". The default fits base64 images.'),
  maxInFlight: integer(1).default(1024).describe('Concurrent requests; more wait in a queue.'),
  queueTimeoutMs: milliseconds()
    .default(10_000)
    .describe('A queued request older than this gets 503 + Retry-After.'),
  maxEventLoopLagMs: milliseconds()
    .default(500)
    .describe('Shed load (503 + Retry-After) while the event loop lags more than this.'),
  shutdownGraceMs: integer(0)
    .default(30_000)
    .describe('On SIGTERM, in-flight requests and streams get this long to finish.'),
  headersTimeoutMs: milliseconds()
    .default(10_000)
    .describe('All request headers must arrive within this (slow-loris guard).'),
  requestTimeoutMs: milliseconds()
    .default(300_000)
    .describe('The whole request body must arrive within this.'),
  maxHeaderBytes: integer(1024).default(16_384).describe('Largest request header block.'),
  heapGrowthPercent: integer(0, 400)
    .default(50)
    .describe(
      'How far the JavaScript heap may grow past what a full garbage collection kept, in percent, before the next one (`switchyard serve` only; read at start). 0 leaves it to V8, which lets a busy heap grow up to 4x: less collection work, far more memory.',
    ),
  tls: z
    .strictObject({
      certFile: text().describe('PEM certificate chain.'),
      keyFile: text().describe('PEM private key.'),
    })
    .optional()
    .describe('Serve HTTPS instead of HTTP.'),
});

const authSchema = z.strictObject({
  requireKey: flag()
    .default(true)
    .describe('false opens the data plane to anyone who can reach it, without virtual keys.'),
});

const storageSchema = z
  .strictObject({
    dataDir: text().default('./.switchyard').describe('Holds the SQLite file and the server secret.'),
    sqlitePath: text().optional().describe('Defaults to <dataDir>/switchyard.db.'),
    postgresUrl: url(['postgres', 'postgresql'], 'postgres://user:password@host:5432/switchyard')
      .optional()
      .describe('Cluster mode: Postgres instead of SQLite.'),
    redisUrl: url(['redis', 'rediss'], 'redis://host:6379')
      .optional()
      .describe('Shared hot state (counters, cache) and change notifications between replicas.'),
    redisPrefix: text()
      .default('switchyard:')
      .describe(
        'Prefix of every Redis key and channel, and the name of the Postgres notification channel: lets several gateway clusters share one Redis or one database.',
      ),
  })
  .transform((storage) => ({
    ...storage,
    sqlitePath: storage.sqlitePath ?? path.join(storage.dataDir, 'switchyard.db'),
  }));

/** Image fetching defaults, in one place (the schema's defaults; tests build settings from them). */
export const imageDefaults = {
  maxBytes: 10 * 1024 ** 2,
  maxTotalBytes: 32 * 1024 ** 2,
  timeoutMs: 10_000,
} as const;

// Image fetching for providers that only take bytes (src/pipeline/resolve-images.ts).
const imagesSchema = z.strictObject({
  allow: z
    .array(
      text().refine((entry) => !entry.includes('/') || parseRange(entry.trim()) !== undefined, {
        error: () => 'expected a host name, an address or a CIDR such as 10.0.0.0/8',
      }),
    )
    .default([])
    .describe(
      'Hosts, addresses or CIDRs image URLs may reach despite the SSRF guard (private, loopback...).',
    ),
  maxBytes: byteSize()
    .default(imageDefaults.maxBytes)
    .describe('Largest image fetched: bytes or text like "10mb".'),
  maxTotalBytes: byteSize()
    .default(imageDefaults.maxTotalBytes)
    .describe('All images of one request together.'),
  timeoutMs: milliseconds().default(imageDefaults.timeoutMs).describe('One image fetch, redirects included.'),
});

const outboundSchema = z.strictObject({
  caFile: text().optional().describe('Extra CA bundle (PEM) trusted for upstream TLS.'),
  connectionsPerOrigin: integer(1).default(256).describe('Connection pool size per upstream origin.'),
  images: imagesSchema
    .prefault({})
    .describe('Fetching image URLs for providers that need the bytes (Gemini, Bedrock).'),
});

// The router owns its defaults (src/routing/retry-policy.ts); the schema only publishes them.
export const retryDefaults = defaultRetryPolicy;

const retrySchema = z.strictObject({
  attempts: integer(0, 10)
    .default(retryDefaults.attempts)
    .describe('Retries after the first try, across targets, before the commit point.'),
  baseDelayMs: integer(0)
    .default(retryDefaults.baseDelayMs)
    .describe('Backoff before the first retry; later retries wait longer.'),
  maxDelayMs: integer(0)
    .default(retryDefaults.maxDelayMs)
    .describe('The longest backoff between two attempts.'),
});

const defaultsSchema = z.strictObject({
  maxTokens: integer(1)
    .default(4096)
    .describe(
      'Sent as max_tokens when an OpenAI client omits it for an Anthropic model (which requires it).',
    ),
  timeouts: timeoutsSchema.prefault({}).describe('Upstream timeouts; models and targets override them.'),
  retry: retrySchema.prefault({}),
  circuitBreaker: breakerSchema
    .prefault({})
    .describe('Per deployment (provider and model): stop sending to one that keeps failing.'),
  cache: routeCacheDefaultsSchema
    .prefault({})
    .describe('The exact cache of every route (off by default); a model’s `cache:` overrides it.'),
});

export const gatewayConfigSchema = z
  .strictObject({
    server: serverSchema.prefault({}),
    auth: authSchema.prefault({}),
    storage: storageSchema.prefault({}),
    outbound: outboundSchema.prefault({}),
    defaults: defaultsSchema.prefault({}),
    providers: z
      .record(z.string(), providerSchema)
      .default({})
      .describe('Deployment name -> provider settings.'),
    models: z
      .record(z.string(), modelSchema)
      .default({})
      .describe("Alias clients name -> targets. A key ending in '*' is a prefix pattern."),
    // Issue 3 (model catalog): additions and corrections to the shipped catalog.
    catalog: catalogOverridesSchema.prefault({}),
    // Issue 4: the request log, traces and metrics.
    records: recordsSchema.prefault({}).describe('The request log: body policy, retention, write queue.'),
    telemetry: telemetrySchema.prefault({}).describe('Traces and metrics export.'),
    // Issue 6: caching.
    cache: cacheStoreSchema.prefault({}).describe('Where cached answers live (docs/caching.md).'),
    // Issue 7: guardrails for a team's or a key's requests (routes carry their own).
    guardrails: guardrailOverridesSchema
      .prefault({})
      .describe("Guardrails for a team's or a key's requests, instead of the route's (docs/guardrails.md)."),
  })
  .describe('Switchyard gateway configuration (switchyard.yaml).');

/** The parsed, defaulted configuration every part of the gateway reads. */
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
