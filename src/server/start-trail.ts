// Opens the request trail of a data-plane call: its trace (continuing the client's W3C traceparent
// when valid) and the session and workflow ids the client sent. Everything else is filled in as
// the request goes; src/telemetry/records.ts completes it after the response.

import type { IncomingMessage } from 'node:http';
import type { Cancellation } from '../core/index.js';
import { formatTraceparent, incomingTrace, newSpanId } from '../telemetry/trace-context.js';
import { RequestTrail, type AttemptTrail } from '../telemetry/request-trail.js';
import type { ResolvedTarget } from '../config/resolve-model.js';
import type { Principal } from '../auth/key-authenticator.js';
import { toGatewayError } from '../errors.js';
import { anonymousPrincipal } from './authenticate.js';
import type { Exchange } from './exchange.js';

/** Longest session or workflow id kept; longer ones are cut (they are labels, not payloads). */
const maxIdLength = 128;

export function startTrail(exchange: Exchange, operation: 'chat' | 'embeddings'): RequestTrail {
  const headers = exchange.request.headers;
  const trail = new RequestTrail(
    exchange.requestId,
    exchange.dialect,
    incomingTrace(headers.traceparent, headers.tracestate),
  );
  trail.operation = operation;
  const length = Number(headers['content-length']);
  if (Number.isSafeInteger(length) && length > 0) trail.requestBytes = length;
  trail.sessionId = headerId(exchange.request, 'x-switchyard-session');
  trail.workflowId = headerId(exchange.request, 'x-switchyard-workflow');
  return trail;
}

export function notePrincipal(trail: RequestTrail, principal: Principal): void {
  trail.principal = {
    keyId: principal === anonymousPrincipal ? null : principal.keyId,
    organizationId: principal.scope.organizationId,
    teamId: principal.scope.teamId,
    projectId: principal.scope.projectId,
  };
}

/**
 * Runs one attempt under the trail: its own span id, the traceparent for the upstream, and its
 * outcome noted when it settles. `run` gets the attempt to note status and answer on.
 */
export async function trackAttempt<Result>(
  trail: RequestTrail,
  cancellation: Cancellation,
  target: ResolvedTarget,
  number: number,
  run: (attempt: AttemptTrail, traceHeaders: Record<string, string>) => Promise<Result>,
): Promise<Result> {
  const attempt = trail.startAttempt(number, target, newSpanId());
  const traceHeaders: Record<string, string> = {
    traceparent: formatTraceparent(trail.trace.traceId, attempt.spanId, trail.trace.sampled),
  };
  if (trail.trace.tracestate !== undefined) traceHeaders.tracestate = trail.trace.tracestate;
  try {
    const result = await run(attempt, traceHeaders);
    // A hedge that answered after the race was decided: called off, its answer not the request's.
    if (cancellation.cancelled) attempt.outcome = 'cancelled';
    // A stream's attempt lasts until the stream ends: the record takes the request's end for it.
    if (attempt.answer?.kind !== 'stream') attempt.endedAt = Date.now();
    return result;
  } catch (error) {
    attempt.endedAt = Date.now();
    attempt.outcome = cancellation.cancelled ? 'cancelled' : 'error';
    attempt.error = toGatewayError(error);
    throw error;
  }
}

function headerId(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed.slice(0, maxIdLength);
}
