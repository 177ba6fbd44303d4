// When a model's failure moves the request on to one of its fallback models: named conditions
// over the error codes of errors.ts. Output checks (issue 7) fail with codes of their own
// (invalid_output), so they fall back through the same chain.

import type { ErrorCode, GatewayError } from '../errors.js';

export const fallbackConditions = [
  'rate_limited',
  'server_error',
  'timeout',
  'unreachable',
  'content_filter',
  'context_length',
  'invalid_output',
] as const;

export type FallbackCondition = (typeof fallbackConditions)[number];

/** Without `on:`, a fallback takes what retries cannot fix on the model's own targets. */
export const defaultFallbackConditions: readonly FallbackCondition[] = [
  'rate_limited',
  'server_error',
  'timeout',
  'unreachable',
];

const codesOf: Record<FallbackCondition, readonly ErrorCode[]> = {
  rate_limited: ['rate_limited', 'insufficient_quota'],
  server_error: ['upstream_error', 'unavailable', 'overloaded'],
  timeout: ['upstream_timeout'],
  unreachable: ['upstream_unreachable'],
  content_filter: ['content_filter'],
  context_length: ['context_length_exceeded'],
  invalid_output: ['invalid_output'],
};

/** One fallback: a named model, or the configured model with the next larger context window. */
export type FallbackEntry =
  | { model: string; longerContext?: undefined; on: readonly FallbackCondition[] }
  | { model?: undefined; longerContext: true; on: readonly FallbackCondition[] };

export function matchesFallback(error: GatewayError, conditions: readonly FallbackCondition[]): boolean {
  return conditions.some((condition) => codesOf[condition].includes(error.code));
}
