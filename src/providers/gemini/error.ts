// Google API error answers (`{"error": {code, message, status, details}}`, shared by the Gemini
// API and Vertex AI) and in-stream error events -> GatewayError. Pure: never throws on a hostile
// body; never relays text about the gateway's own Google credentials.

import { GatewayError } from '../../errors.js';
import type { ErrorCode } from '../../errors.js';
import { retryAfterSeconds } from '../openai/error.js';
import type { GoogleErrorBody } from './api.js';
import { isRecord } from '../../core/is-record.js';

/** What a Google error says about itself; every field may be missing. */
export interface GoogleErrorDetail {
  code?: number;
  message?: string;
  /** The canonical status name, e.g. RESOURCE_EXHAUSTED. */
  status?: string;
  /** google.rpc.ErrorInfo reason, e.g. API_KEY_INVALID. */
  reason?: string;
  /** google.rpc.RetryInfo delay in seconds, rounded up. */
  retryDelaySeconds?: number;
}

/** Upstream text is relayed to callers; past this length it is cut. */
const maxMessageLength = 2000;

/** ErrorInfo reasons that mean the gateway's own credential is at fault, whatever the status. */
const credentialReasons = new Set(['API_KEY_INVALID', 'API_KEY_SERVICE_BLOCKED', 'ACCESS_TOKEN_EXPIRED']);

/**
 * Status + body -> GatewayError.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/api-errors
 */
export function fromGoogleError(status: number, headers: Record<string, string>, body: string): GatewayError {
  return errorFromDetail(status, readGoogleError(body), retryAfterSeconds(headers, Date.now()));
}

/**
 * An `{"error": {...}}` event inside a stream; it carries its HTTP-equivalent code.
 * @see https://cloud.google.com/apis/design/errors#error_model
 */
export function fromStreamError(value: unknown): GatewayError {
  const detail = toDetail(value);
  return errorFromDetail(detail.code ?? 500, detail, undefined);
}

/** Reads `{error: ...}`; a JSON array (what streams without alt=sse send) is read from its first item. */
export function readGoogleError(body: string): GoogleErrorDetail {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // Load balancers and proxies answer in HTML or plain text.
    return {};
  }
  const envelope: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
  return isRecord(envelope) ? toDetail(envelope.error) : {};
}

/** One google.rpc.Status object, every field type-checked. */
function toDetail(value: unknown): GoogleErrorDetail {
  if (!isRecord(value)) return {};
  const error = value as Partial<Record<keyof GoogleErrorBody['error'], unknown>>;
  const detail: GoogleErrorDetail = {};
  if (typeof error.code === 'number') detail.code = error.code;
  if (typeof error.message === 'string' && error.message !== '') detail.message = clip(error.message);
  if (typeof error.status === 'string') detail.status = error.status;
  for (const item of Array.isArray(error.details) ? error.details : []) {
    if (!isRecord(item)) continue;
    if (typeof item.reason === 'string') detail.reason = item.reason;
    const delay = typeof item.retryDelay === 'string' ? parseDuration(item.retryDelay) : undefined;
    if (delay !== undefined) detail.retryDelaySeconds = delay;
  }
  return detail;
}

/**
 * google.protobuf.Duration as JSON: seconds with an `s` suffix ("37s", "0.5s").
 * @see https://protobuf.dev/reference/protobuf/google.protobuf/#duration
 */
function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(text.trim());
  return match === null ? undefined : Math.ceil(Number(match[1]));
}

function errorFromDetail(
  status: number,
  detail: GoogleErrorDetail,
  headerRetryAfter: number | undefined,
): GatewayError {
  const { code, message } = classify(status, detail);
  return new GatewayError(code, message, {
    retryAfterSeconds: headerRetryAfter ?? detail.retryDelaySeconds,
    upstreamType: detail.status,
    upstreamCode: detail.reason,
  });
}

interface Classified {
  code: ErrorCode;
  message: string;
}

/** @see https://cloud.google.com/apis/design/errors#handling_errors */
function classify(status: number, detail: GoogleErrorDetail): Classified {
  if (status === 401 || status === 403 || credentialReasons.has(detail.reason ?? '')) {
    return {
      code: 'upstream_error',
      message: `The provider rejected the gateway's credentials (status ${status}). Your own key was accepted; the gateway's provider credential needs attention.`,
    };
  }
  if (status === 429 || detail.status === 'RESOURCE_EXHAUSTED') {
    return {
      code: 'rate_limited',
      message: 'The provider is rate limiting requests for this model; retry later.',
    };
  }
  if (status >= 500) return serverError(status, detail);
  const message = detail.message ?? `The provider rejected the request (status ${status}).`;
  // FAILED_PRECONDITION is about the gateway's account (billing, region), not the caller's request.
  if (detail.status === 'FAILED_PRECONDITION') return { code: 'upstream_error', message };
  return { code: clientErrorCode(status, detail), message };
}

function clientErrorCode(status: number, detail: GoogleErrorDetail): ErrorCode {
  switch (status) {
    case 400:
      // "The input token count (N) exceeds the maximum number of tokens allowed (M)."
      return /exceeds the maximum number of tokens|context (?:length|window)/i.test(detail.message ?? '')
        ? 'context_length_exceeded'
        : 'invalid_request';
    case 404:
      return 'model_not_found';
    case 408:
      return 'upstream_timeout';
    case 413:
      return 'payload_too_large';
    default:
      return 'invalid_request';
  }
}

/** 5xx texts describe Google's side: callers get a generic message. */
function serverError(status: number, detail: GoogleErrorDetail): Classified {
  switch (status) {
    case 503:
      // "The model is overloaded. Please try again later." is Gemini's 503 for capacity.
      return /overloaded/i.test(detail.message ?? '')
        ? { code: 'overloaded', message: 'The provider is overloaded; try again shortly.' }
        : { code: 'unavailable', message: 'The provider is temporarily unavailable.' };
    case 504:
      return { code: 'upstream_timeout', message: 'The provider timed out.' };
    default:
      return { code: 'upstream_error', message: `The provider failed to answer (status ${status}).` };
  }
}

function clip(text: string): string {
  return text.length > maxMessageLength ? `${text.slice(0, maxMessageLength)}…` : text;
}
