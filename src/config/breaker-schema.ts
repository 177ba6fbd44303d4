// The `circuitBreaker:` block of `defaults:` and of each model. The router owns the defaults
// (routing/circuit-breaker.ts); a model's block overrides any subset of them.

import { z } from 'zod';
import { defaultBreakerOptions } from '../routing/circuit-breaker.js';
import { flag, integer, milliseconds } from './schema-fields.js';

const share = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
  z.number().gt(0).max(1),
);

const fields = {
  enabled: flag().describe('Skip a deployment without waiting while it keeps failing.'),
  failureRate: share.describe('Open when this share (0-1] of the window’s requests failed...'),
  minimumRequests: integer(1).describe('...and the window holds at least this many requests.'),
  consecutiveFailures: integer(1).describe('Open after this many failures in a row.'),
  windowMs: milliseconds().describe('The rolling window the failure rate is counted over.'),
  openMs: milliseconds().describe('How long an open breaker skips its deployment before probing it.'),
  halfOpenProbes: integer(1).describe('Requests let through at once to probe a half-open deployment.'),
};

const defaults = { enabled: true, ...defaultBreakerOptions };

/** `defaults.circuitBreaker`: every field, with the router's defaults. */
export const breakerSchema = z.strictObject({
  enabled: fields.enabled.default(defaults.enabled),
  failureRate: fields.failureRate.default(defaults.failureRate),
  minimumRequests: fields.minimumRequests.default(defaults.minimumRequests),
  consecutiveFailures: fields.consecutiveFailures.default(defaults.consecutiveFailures),
  windowMs: fields.windowMs.default(defaults.windowMs),
  openMs: fields.openMs.default(defaults.openMs),
  halfOpenProbes: fields.halfOpenProbes.default(defaults.halfOpenProbes),
});

/** A model's `circuitBreaker`: any subset, over `defaults.circuitBreaker`. */
export const breakerOverridesSchema = z.strictObject({
  enabled: fields.enabled.optional(),
  failureRate: fields.failureRate.optional(),
  minimumRequests: fields.minimumRequests.optional(),
  consecutiveFailures: fields.consecutiveFailures.optional(),
  windowMs: fields.windowMs.optional(),
  openMs: fields.openMs.optional(),
  halfOpenProbes: fields.halfOpenProbes.optional(),
});

export type BreakerConfig = z.output<typeof breakerSchema>;
export type BreakerOverrides = z.output<typeof breakerOverridesSchema>;
