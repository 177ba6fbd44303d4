// Maps OpenAI error responses (HTTP status, headers, body) and in-stream error payloads to
// GatewayError. Pure: never throws on a hostile or non-JSON body; never relays what could leak the
// gateway's own provider account (credential and quota messages).

import { GatewayError } from '../../errors.js';
import type { ErrorCode } from '../../errors.js';
import type { ErrorObject } from './api.js';
import { isRecord } from '../../core/is-record.js';

/** What an upstream error says about itself, every field optional (bodies vary and may lie). */
export interface UpstreamErrorDetail {
  message?: string;
  type?: string;
  code?: string;
  param?: string;
}

/** Upstream text is relayed to callers; past this length it is cut (an HTML page is not a message). */
const maxMessageLength = 2000;

/**
 * Status + body -> GatewayError.
 * @see https://platform.openai.com/docs/guides/error-codes#api-errors
 */
export function fromErrorResponse(
  status: number,
  headers: Record<string, string>,
  body: string,
): GatewayError {
  return errorFromDetail(status, headers, readErrorDetail(body));
}

/** `{"error": {...}}`; anything else (HTML, plain text, empty) tells nothing. */
export function readErrorDetail(body: string): UpstreamErrorDetail {
  const parsed = parseJson(body);
  return isRecord(parsed) ? toErrorDetail(parsed.error) : {};
}

/** An error object (or a bare message string) with every field type-checked. */
export function toErrorDetail(value: unknown): UpstreamErrorDetail {
  if (typeof value === 'string') return { message: clip(value) };
  if (!isRecord(value)) return {};
  const error = value as Partial<Record<keyof ErrorObject, unknown>>;
  const detail: UpstreamErrorDetail = {};
  if (typeof error.message === 'string' && error.message !== '') detail.message = clip(error.message);
  if (typeof error.type === 'string') detail.type = error.type;
  if (typeof error.code === 'string') detail.code = error.code;
  if (typeof error.param === 'string') detail.param = error.param;
  return detail;
}

/** The GatewayError for an upstream status and what its body said. */
export function errorFromDetail(
  status: number,
  headers: Record<string, string>,
  detail: UpstreamErrorDetail,
  now: number = Date.now(),
): GatewayError {
  const { code, message } = classify(status, detail);
  return new GatewayError(code, message, {
    param: detail.param,
    retryAfterSeconds: retryAfterSeconds(headers, now),
    retryable: shouldRetry(headers),
    upstreamType: detail.type,
    upstreamCode: detail.code,
  });
}

/**
 * An `{"error": ...}` payload inside a stream; undefined when there is none. Request-shaped
 * errors keep their text; anything else is an interrupted stream.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export function fromStreamError(value: unknown): GatewayError | undefined {
  if (value === undefined || value === null) return undefined;
  const detail = toErrorDetail(value);
  const options = { param: detail.param, upstreamType: detail.type, upstreamCode: detail.code };
  const known = classifyByDetail(detail);
  if (known !== undefined) return new GatewayError(known.code, known.message, options);
  return new GatewayError('stream_interrupted', 'The provider reported an error in its stream.', options);
}

interface Classified {
  code: ErrorCode;
  message: string;
}

function classify(status: number, detail: UpstreamErrorDetail): Classified {
  if (status === 401 || status === 403) {
    return {
      code: 'upstream_error',
      message: `The provider rejected the gateway's credentials (status ${status}). Your own key was accepted; the gateway's provider key needs attention.`,
    };
  }
  if (status === 429 || status === 402) return quotaOrRateLimit(status, detail);
  if (status === 400) {
    const code = isContextLength(detail) ? 'context_length_exceeded' : 'invalid_request';
    return { code, message: requestMessage(status, detail) };
  }
  if (status >= 400 && status < 500)
    return { code: clientErrorCode(status), message: requestMessage(status, detail) };
  return { code: serverErrorCode(status), message: `The provider failed to answer (status ${status}).` };
}

/** Codes for 4xx other than 400, 401/403 and 429/402. */
function clientErrorCode(status: number): ErrorCode {
  switch (status) {
    case 404:
      return 'model_not_found';
    case 408:
      return 'upstream_timeout';
    case 413:
      return 'payload_too_large';
    case 422:
      return 'unprocessable';
    default:
      return 'invalid_request';
  }
}

/** 529 is not OpenAI's but some servers in front of models use it for "overloaded". */
function serverErrorCode(status: number): ErrorCode {
  switch (status) {
    case 503:
      return 'unavailable';
    case 504:
      return 'upstream_timeout';
    case 529:
      return 'overloaded';
    default:
      return 'upstream_error';
  }
}

/**
 * Rate-limit and quota texts name the gateway's provider organisation, so callers get ours.
 * 402 is how several OpenAI-compatible servers say the account has run dry.
 * @see https://platform.openai.com/docs/guides/error-codes#api-errors
 */
function quotaOrRateLimit(status: number, detail: UpstreamErrorDetail): Classified {
  if (status === 402 || detail.code === 'insufficient_quota' || detail.type === 'insufficient_quota') {
    return {
      code: 'insufficient_quota',
      message: 'The provider account behind this model has run out of quota.',
    };
  }
  return {
    code: 'rate_limited',
    message: 'The provider is rate limiting requests for this model; retry later.',
  };
}

/** In-stream errors carry no status: recognise the ones a caller can act on by type or code. */
function classifyByDetail(detail: UpstreamErrorDetail): Classified | undefined {
  if (detail.code === 'insufficient_quota' || detail.type === 'insufficient_quota')
    return quotaOrRateLimit(402, detail);
  if (detail.code === 'rate_limit_exceeded' || detail.type === 'rate_limit_error')
    return quotaOrRateLimit(429, detail);
  if (isContextLength(detail))
    return { code: 'context_length_exceeded', message: requestMessage(400, detail) };
  if (detail.type === 'invalid_request_error')
    return { code: 'invalid_request', message: requestMessage(400, detail) };
  return undefined;
}

function isContextLength(detail: UpstreamErrorDetail): boolean {
  if (detail.code === 'context_length_exceeded') return true;
  return /context[ _]length|maximum context|context window/i.test(detail.message ?? '');
}

/** 4xx texts describe the caller's own request, so they are kept: they help fix it. */
function requestMessage(status: number, detail: UpstreamErrorDetail): string {
  return detail.message ?? `The provider rejected the request (status ${status}).`;
}

/**
 * `retry-after-ms` (OpenAI's, precise) first, then `retry-after` in seconds or as an HTTP date.
 * Kept to the millisecond for the gateway's own backoff; the client's Retry-After header rounds up.
 * @see https://platform.openai.com/docs/guides/rate-limits
 */
export function retryAfterSeconds(headers: Record<string, string>, now: number): number | undefined {
  const milliseconds = parseNumber(header(headers, 'retry-after-ms'));
  if (milliseconds !== undefined) return milliseconds / 1000;
  const value = header(headers, 'retry-after');
  if (value === undefined) return undefined;
  const seconds = parseNumber(value);
  if (seconds !== undefined) return Math.ceil(seconds);
  // HTTP dates always name a day and month; without letters, Date.parse would read '-5' as a year.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The upstream's own verdict on retrying, when it gives one (`x-should-retry: true|false`). */
function shouldRetry(headers: Record<string, string>): boolean | undefined {
  const value = header(headers, 'x-should-retry')?.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function parseNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

/** JSON.parse that answers undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function clip(text: string): string {
  return text.length > maxMessageLength ? `${text.slice(0, maxMessageLength)}…` : text;
}
