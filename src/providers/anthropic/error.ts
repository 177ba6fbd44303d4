// Anthropic error responses (HTTP status + `{type:'error', error:{type,message}}` body) and in-stream error
// events -> GatewayError. Pure: never throws, whatever the body holds, and never touches the error table.

import { GatewayError } from '../../errors.js';
import type { ErrorCode, GatewayErrorOptions } from '../../errors.js';
import { isRecord } from '../../core/is-record.js';

/** What the gateway can read from an upstream error body; every field may be missing. */
interface UpstreamError {
  type?: string;
  message?: string;
  detailCode?: string;
}

/**
 * Detail codes of a 429 that waiting will not cure: the account hit a spend limit, not a rate limit.
 * @see https://docs.anthropic.com/en/api/errors
 */
const spendLimitCodes = new Set(['enforced_spend_limit_reached', 'contract_spend_limit_reached']);

/**
 * Anthropic's wording when the prompt (or prompt + max_tokens) does not fit the context window.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/context-windows
 */
const contextLengthPattern = /prompt is too long|exceeds? (?:the )?context (?:limit|window)|context window/i;

/**
 * Translate an upstream error response to a GatewayError.
 * 4xx keep Anthropic's message (it tells the caller what to fix); 5xx get a generic one.
 * @see https://docs.anthropic.com/en/api/errors
 */
export function fromAnthropicError(
  status: number,
  headers: Record<string, string>,
  body: string,
): GatewayError {
  const upstream = parseErrorBody(body);
  const options: GatewayErrorOptions = {
    upstreamType: upstream.type,
    upstreamCode: upstream.detailCode,
    retryAfterSeconds: retryAfterSeconds(headers),
    retryable: shouldRetry(headers),
  };
  if (status === 401 || status === 403) {
    // The gateway's own key failed upstream; relaying authentication_error would tell the client that *its*
    // key is wrong, so neither the upstream message nor its type is passed on.
    return new GatewayError(
      'upstream_error',
      `The provider rejected the gateway's credentials (upstream status ${status}); the client's key was fine.`,
      { ...options, upstreamType: undefined, upstreamCode: undefined },
    );
  }
  if (status >= 500) return new GatewayError(serverErrorCode(status), serverErrorMessage(status), options);
  const message = upstream.message ?? `The provider rejected the request (upstream status ${status}).`;
  return new GatewayError(clientErrorCode(status, upstream), message, options);
}

/**
 * Translate the `error` object of an in-stream `error` event. Streams have no status, so the error type decides.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#error-events
 */
export function fromAnthropicStreamError(data: unknown): GatewayError {
  const upstream = readUpstreamError(data);
  const code = codeForType(upstream.type);
  const options: GatewayErrorOptions = { upstreamType: upstream.type };
  if (code === 'invalid_request' || code === 'rate_limited' || code === 'payload_too_large') {
    return new GatewayError(
      code,
      upstream.message ?? 'The provider reported an error in the stream.',
      options,
    );
  }
  return new GatewayError(code, 'The provider reported an error in its stream.', options);
}

/** @see https://docs.anthropic.com/en/api/errors */
function clientErrorCode(status: number, upstream: UpstreamError): ErrorCode {
  switch (status) {
    case 400:
      return contextLengthPattern.test(upstream.message ?? '')
        ? 'context_length_exceeded'
        : 'invalid_request';
    case 402:
      // billing_error: the gateway's account with the provider, not the client's request.
      return 'upstream_error';
    case 404:
      return 'model_not_found';
    case 408:
      return 'upstream_timeout';
    case 413:
      return 'payload_too_large';
    case 429:
      return spendLimitCodes.has(upstream.detailCode ?? '') ? 'insufficient_quota' : 'rate_limited';
    default:
      return 'invalid_request';
  }
}

/** @see https://docs.anthropic.com/en/api/errors */
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

function serverErrorMessage(status: number): string {
  switch (status) {
    case 503:
      return 'The provider is temporarily unavailable.';
    case 504:
      return 'The provider timed out.';
    case 529:
      return 'The provider is overloaded; try again shortly.';
    default:
      return `The provider failed to handle the request (upstream status ${status}).`;
  }
}

/**
 * Anthropic error types as documented; types added later fall back to upstream_error.
 * @see https://docs.anthropic.com/en/api/errors
 */
function codeForType(type: string | undefined): ErrorCode {
  switch (type) {
    case 'invalid_request_error':
      return 'invalid_request';
    case 'request_too_large':
      return 'payload_too_large';
    case 'not_found_error':
      return 'model_not_found';
    case 'rate_limit_error':
      return 'rate_limited';
    case 'timeout_error':
      return 'upstream_timeout';
    case 'overloaded_error':
      return 'overloaded';
    case undefined:
    default:
      return 'upstream_error';
  }
}

function parseErrorBody(body: string): UpstreamError {
  try {
    return readUpstreamError(JSON.parse(body));
  } catch {
    // Proxies in front of the API (Cloudflare for 413, load balancers for 502/504) answer in HTML or plain text.
    return {};
  }
}

/** Read `{type:'error', error:{type, message, details:{error_code}}}` without trusting any of it. */
function readUpstreamError(value: unknown): UpstreamError {
  const error = isRecord(value) ? value.error : undefined;
  if (!isRecord(error)) return {};
  const details = error.details;
  return {
    type: stringOrUndefined(error.type),
    message: stringOrUndefined(error.message),
    detailCode: isRecord(details) ? stringOrUndefined(details.error_code) : undefined,
  };
}

/**
 * Seconds to wait, from `retry-after-ms` (what the official SDKs read first) or `retry-after` (seconds or an
 * HTTP date). Unparseable or negative values are ignored rather than guessed.
 * @see https://docs.anthropic.com/en/api/rate-limits#response-headers
 */
export function retryAfterSeconds(
  headers: Record<string, string>,
  now: number = Date.now(),
): number | undefined {
  const milliseconds = Number(headerValue(headers, 'retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds / 1000;
  const value = headerValue(headers, 'retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds : undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** The upstream's explicit verdict on retrying, when it gives one (the official SDKs obey it too). */
function shouldRetry(headers: Record<string, string>): boolean | undefined {
  const value = headerValue(headers, 'x-should-retry')?.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** Header lookup that does not depend on how the HTTP client cased the names. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
