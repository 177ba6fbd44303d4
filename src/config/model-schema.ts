// The `models:` section and the timeout blocks it shares with `defaults:`. A model key is an
// alias clients name, or a pattern ending in '*' that matches by prefix (resolve-model.ts).

import { z } from 'zod';
import { routeCacheSchema } from './cache-schema.js';
import { guardrailsSchema } from './guardrails-schema.js';
import { fallbackConditions } from '../routing/fallback-conditions.js';
import { breakerOverridesSchema } from './breaker-schema.js';
import { modelRecordsSchema } from './records-schema.js';
import { flag, integer, milliseconds, text } from './schema-fields.js';

const timeoutFields = {
  connectMs: milliseconds().describe('Time to open the upstream connection.'),
  firstTokenMs: milliseconds().describe('Time from sending the request to the first byte of the answer.'),
  idleMs: milliseconds().describe('Longest silence allowed between two streamed chunks.'),
  totalMs: milliseconds().describe(
    'One attempt, from connect to the last byte. A model’s (or the default) also bounds the whole request, retries and fallbacks included.',
  ),
};

export const timeoutDefaults = { connectMs: 10_000, firstTokenMs: 60_000, idleMs: 60_000, totalMs: 600_000 };

/** The full set, with defaults (the `defaults.timeouts` block). */
export const timeoutsSchema = z.strictObject({
  connectMs: timeoutFields.connectMs.default(timeoutDefaults.connectMs),
  firstTokenMs: timeoutFields.firstTokenMs.default(timeoutDefaults.firstTokenMs),
  idleMs: timeoutFields.idleMs.default(timeoutDefaults.idleMs),
  totalMs: timeoutFields.totalMs.default(timeoutDefaults.totalMs),
});

/** Per-model and per-target overrides: any subset, merged over the defaults. */
export const timeoutOverridesSchema = z.strictObject({
  connectMs: timeoutFields.connectMs.optional(),
  firstTokenMs: timeoutFields.firstTokenMs.optional(),
  idleMs: timeoutFields.idleMs.optional(),
  totalMs: timeoutFields.totalMs.optional(),
});

export type Timeouts = z.output<typeof timeoutsSchema>;
export type TimeoutOverrides = z.output<typeof timeoutOverridesSchema>;

export const modelKinds = ['chat', 'embeddings'] as const;
export type ModelKind = (typeof modelKinds)[number];

export const targetSchema = z.strictObject({
  provider: text().describe('A key of `providers:`.'),
  model: text()
    .default('*')
    .describe(
      "Upstream model id. '*' means the requested name (minus the pattern's prefix when the pattern ends in '/*').",
    ),
  timeouts: timeoutOverridesSchema.optional().describe('Overrides for this target only.'),
  weight: z
    .preprocess(
      (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
      z.number().min(0).max(1_000_000),
    )
    .default(1)
    .describe(
      'Share of traffic under `balance: weighted` (relative to the other targets; 0: only as a fallback).',
    ),
  limits: z
    .strictObject({
      requestsPerMinute: integer(1).optional().describe('The deployment’s request quota (RPM).'),
      tokensPerMinute: integer(1)
        .optional()
        .describe('The deployment’s token quota (TPM), input and output.'),
    })
    .optional()
    .describe('Quotas of this deployment: near them, it goes last in every request’s order.'),
});

export type TargetConfig = z.output<typeof targetSchema>;

export const balanceStrategies = ['priority', 'weighted', 'least-in-flight', 'latency'] as const;
export type BalanceStrategy = (typeof balanceStrategies)[number];

export const modelSchema = z.strictObject({
  kind: z.enum(modelKinds).default('chat').describe('chat (the default) or embeddings.'),
  targets: z
    .array(targetSchema)
    .min(1)
    .describe(
      'Tried in order (or in the order `balance` picks): a failure before the first content moves to the next.',
    ),
  balance: z
    .enum(balanceStrategies)
    .default('priority')
    .describe(
      'priority: targets in the order written (the rest are fallbacks); weighted: by `weight`; least-in-flight: the target with the fewest requests open; latency: the faster of two random targets (recent latency).',
    ),
  fallbacks: z
    .array(
      z.strictObject({
        model: text()
          .optional()
          .describe('Another model (a key of `models:` of the same kind) to send the request to.'),
        longerContext: flag()
          .optional()
          .describe(
            'Instead of `model`: the configured model with the next larger context window in the catalog (for context_length).',
          ),
        on: z
          .array(z.enum(fallbackConditions))
          .min(1)
          .optional()
          .describe(
            'The failures that move on to it; default rate_limited, server_error, timeout, unreachable. Also content_filter, context_length and invalid_output (an answer the json-schema output check refused).',
          ),
      }),
    )
    .optional()
    .describe(
      "Tried in order when this model's own targets fail with a matching error (before any content was sent).",
    ),
  hedge: z
    .strictObject({
      delayMs: milliseconds()
        .optional()
        .describe("Send the hedge after this long; default: the first target's recent p95 time to answer."),
      minimumSamples: integer(1)
        .default(20)
        .describe('Without delayMs: answers the first target must have given before its p95 is trusted.'),
    })
    .optional()
    .describe(
      'Send a second attempt to the next target when the first has not answered (a stream: its first content) in time; the first to answer wins, the other is called off.',
    ),
  sticky: z
    .strictObject({ header: text().describe('Request header whose value pins a caller to one target.') })
    .optional()
    .describe('Send the requests of one caller (same header value) to the same target while it is healthy.'),
  timeouts: timeoutOverridesSchema.optional().describe('Overrides for every target of this model.'),
  circuitBreaker: breakerOverridesSchema
    .optional()
    .describe("Overrides of defaults.circuitBreaker for this model's targets."),
  ownedBy: text()
    .optional()
    .describe("The owned_by shown in /v1/models. Defaults to the first target's provider."),
  records: modelRecordsSchema
    .optional()
    .describe('This route’s body policy and retention, over the `records:` defaults.'),
  cache: routeCacheSchema.optional().describe('This route’s exact cache, over `defaults.cache`.'),
  guardrails: guardrailsSchema.optional().describe('Checks on this route’s requests (docs/guardrails.md).'),
});

export type ModelConfig = z.output<typeof modelSchema>;
