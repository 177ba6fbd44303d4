// Which errors count against a deployment's health (its circuit breaker): it could not answer,
// answered with a server error, or timed out. A 4xx (the request's fault), a rate limit (the
// balancer's business: the deployment is alive) or a content filter is an answer, not a failure.

import type { ErrorCode, GatewayError } from '../errors.js';

const failures: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'upstream_error',
  'upstream_unreachable',
  'unavailable',
  'overloaded',
  'upstream_timeout',
]);

export function deploymentFailed(error: GatewayError): boolean {
  return failures.has(error.code);
}
