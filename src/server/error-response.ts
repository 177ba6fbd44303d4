// The one place a GatewayError becomes wire JSON, in the client's dialect: whole responses
// (renderError) and the final event of a stream that already started (renderStreamError).
// Status and error types come from the table in src/errors.ts; nothing here decides them.

import type { Dialect } from '../core/index.js';
import { errorTable } from '../errors.js';
import type { GatewayError } from '../errors.js';

export interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Retry-After when the cause gave none: long enough to let a burst pass, short enough to feel live. */
export const defaultRetryAfterSeconds = 2;

const retryAfterStatuses = new Set([429, 503, 529]);

export function renderError(error: GatewayError, dialect: Dialect, requestId: string): RenderedError {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    // Both SDKs honour this header before their own status rules: it carries the table's verdict.
    'x-should-retry': String(error.retryable),
  };
  // Each SDK reads the request id from its own header name (APIError.requestID).
  headers[dialect === 'openai' ? 'x-request-id' : 'request-id'] = requestId;
  const retryAfter = retryAfterSeconds(error);
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  const body =
    dialect === 'openai'
      ? JSON.stringify({ error: openaiError(error) })
      : JSON.stringify({ type: 'error', error: anthropicError(error), request_id: requestId });
  return { status: error.status, headers, body };
}

/** The last event of a stream that fails after its headers went out; nothing follows it. */
export function renderStreamError(error: GatewayError, dialect: Dialect): string {
  if (dialect === 'openai') return `data: ${JSON.stringify({ error: openaiError(error) })}\n\n`;
  return `event: error\ndata: ${JSON.stringify({ type: 'error', error: anthropicError(error) })}\n\n`;
}

/** @see https://platform.openai.com/docs/guides/error-codes */
function openaiError(error: GatewayError): Record<string, unknown> {
  return {
    message: error.message,
    type: errorTable[error.code].openai,
    param: error.param ?? null,
    code: error.upstreamCode ?? error.code,
  };
}

/** @see https://docs.anthropic.com/en/api/errors */
function anthropicError(error: GatewayError): Record<string, unknown> {
  return { type: errorTable[error.code].anthropic, message: error.message };
}

function retryAfterSeconds(error: GatewayError): number | undefined {
  if (!retryAfterStatuses.has(error.status)) return undefined;
  const known = error.retryAfterSeconds;
  if (known !== undefined && Number.isFinite(known)) return Math.max(1, Math.ceil(known));
  return error.status === 429 ? undefined : defaultRetryAfterSeconds;
}
