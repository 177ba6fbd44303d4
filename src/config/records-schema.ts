// The `records:` and `telemetry:` sections (the request log, its retention, OTLP export, /metrics)
// and the per-model `records:` override. Shapes and defaults only; docs/records.md explains them.

import { z } from 'zod';
import { bodyPolicies } from '../telemetry/request-record.js';
import { flag, integer, milliseconds, text, url } from './schema-fields.js';

const bodyPolicy = z
  .enum(bodyPolicies as ['off', 'metadata', 'redacted', 'full'])
  .describe('off: nothing; metadata: shape only (default); redacted: secrets and PII masked; full: as sent.');

const retentionDays = integer(1, 36_500).describe('Days a record is kept before the purge job deletes it.');

/** Per model (route) overrides of the body policy and retention. */
export const modelRecordsSchema = z.strictObject({
  body: bodyPolicy.optional(),
  retentionDays: retentionDays.optional(),
});

export const recordsSchema = z.strictObject({
  enabled: flag().default(true).describe('false: no request log is written (metrics and traces still are).'),
  body: bodyPolicy.default('metadata'),
  retentionDays: retentionDays.default(30),
  teams: z
    .record(z.string(), z.strictObject({ retentionDays }))
    .default({})
    .describe('Team id -> retention for that team’s records (a route’s own retention wins).'),
  maxBodyCharacters: integer(256)
    .default(256 * 1024)
    .describe('Longest prompt or response kept under redacted/full, in characters; longer is cut.'),
  queueCapacity: integer(100).default(10_000).describe('Records held in memory before spilling to disk.'),
  batchSize: integer(1, 10_000).default(500).describe('Records per database insert.'),
  flushIntervalMs: milliseconds()
    .default(20)
    .describe('Longest a record waits in memory before its batch is written.'),
  purgeIntervalMs: milliseconds().default(3_600_000).describe('How often the retention purge runs.'),
  spillDir: text()
    .optional()
    .describe('Where records wait when the database is down. Defaults to <dataDir>/spill.'),
  sqlitePath: text().optional().describe('The embedded request log. Defaults to <dataDir>/records.db.'),
});

export const telemetrySchema = z.strictObject({
  otlp: z
    .strictObject({
      endpoint: url(['http', 'https'], 'http://collector:4318').describe(
        'OTLP/HTTP base URL; traces go to /v1/traces and metrics to /v1/metrics.',
      ),
      headers: z.record(z.string(), z.string()).default({}).describe('Sent with every export (e.g. auth).'),
      serviceName: text().default('switchyard'),
      metricsIntervalMs: milliseconds().default(60_000).describe('How often GenAI metrics are exported.'),
    })
    .optional()
    .describe('Export traces and GenAI metrics over OTLP/HTTP; absent: nothing is exported.'),
  metrics: z
    .strictObject({
      enabled: flag().default(true).describe('Serve Prometheus metrics at GET /metrics.'),
      requireAdmin: flag()
        .default(false)
        .describe('true: /metrics needs the admin token (Authorization: Bearer).'),
    })
    .prefault({}),
});

export type RecordsConfig = z.output<typeof recordsSchema>;
export type TelemetryConfig = z.output<typeof telemetrySchema>;
