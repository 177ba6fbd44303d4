// One error class for the whole gateway and one table from its code to HTTP status, each
// dialect's error type, and whether a retry can help. Rendering to wire JSON happens only in
// src/server/error-response.ts.

import type { Usage } from './core/usage.js';

export const errorTable = {
  invalid_request: {
    status: 400,
    openai: 'invalid_request_error',
    anthropic: 'invalid_request_error',
    retryable: false,
  },
  invalid_json: {
    status: 400,
    openai: 'invalid_request_error',
    anthropic: 'invalid_request_error',
    retryable: false,
  },
  unsupported_media_type: {
    status: 415,
    openai: 'invalid_request_error',
    anthropic: 'invalid_request_error',
    retryable: false,
  },
  payload_too_large: {
    status: 413,
    openai: 'invalid_request_error',
    anthropic: 'request_too_large',
    retryable: false,
  },
  headers_too_large: {
    status: 431,
    openai: 'invalid_request_error',
    anthropic: 'invalid_request_error',
    retryable: false,
  },
  context_length_exceeded: {
    status: 400,
    openai: 'invalid_request_error',
    anthropic: 'invalid_request_error',
    retryable: false,
  },
  authentication: {
    status: 401,
    openai: 'authentication_error',
    anthropic: 'authentication_error',
    retryable: false,
  },
  permission_denied: {
    status: 403,
    openai: 'permission_error',
    anthropic: 'permission_error',
    retryable: false,
  },
  not_found: { status: 404, openai: 'not_found_error', anthropic: 'not_found_error', retryable: false },
  model_not_found: {
    status: 404,
    openai: 'invalid_request_error',
    anthropic: 'not_found_error',
    retryable: false,
  },
  method_not_allowed: {
    status: 405,
    openai: 'invalid_request_error',
    anthropic: 'invalid_request_error',
    retryable: false,
  },
  request_timeout: {
    status: 408,
    openai: 'invalid_request_error',
    anthropic: 'invalid_request_error',
    retryable: false,
  },
  /** The target's state forbids the change (an admin decision already made). */
  conflict: {
    status: 409,
    openai: 'invalid_request_error',
    anthropic: 'invalid_request_error',
    retryable: false,
  },
  unprocessable: {
    status: 422,
    openai: 'invalid_request_error',
    anthropic: 'invalid_request_error',
    retryable: false,
  },
  rate_limited: { status: 429, openai: 'rate_limit_error', anthropic: 'rate_limit_error', retryable: true },
  insufficient_quota: {
    status: 429,
    openai: 'insufficient_quota',
    anthropic: 'rate_limit_error',
    retryable: false,
  },
  /** A guardrail of the route refused the request (its check's name is in the message, never the matched text). */
  guardrail_blocked: {
    status: 400,
    openai: 'invalid_request_error',
    anthropic: 'invalid_request_error',
    retryable: false,
  },
  /** The model's answers did not match the structure the request asked for, even when asked again. */
  invalid_output: { status: 502, openai: 'server_error', anthropic: 'api_error', retryable: false },
  content_filter: {
    status: 400,
    openai: 'invalid_request_error',
    anthropic: 'invalid_request_error',
    retryable: false,
  },
  internal: { status: 500, openai: 'server_error', anthropic: 'api_error', retryable: false },
  upstream_error: { status: 502, openai: 'server_error', anthropic: 'api_error', retryable: true },
  upstream_unreachable: { status: 502, openai: 'server_error', anthropic: 'api_error', retryable: true },
  stream_interrupted: { status: 502, openai: 'server_error', anthropic: 'api_error', retryable: false },
  unavailable: { status: 503, openai: 'server_error', anthropic: 'api_error', retryable: true },
  overloaded: { status: 529, openai: 'server_error', anthropic: 'overloaded_error', retryable: true },
  upstream_timeout: { status: 504, openai: 'timeout_error', anthropic: 'timeout_error', retryable: true },
} as const satisfies Record<string, ErrorEntry>;

interface ErrorEntry {
  status: number;
  /** OpenAI error.type as the openai SDK and its users read it. */
  openai: string;
  /** Anthropic error.type (https://docs.anthropic.com/en/api/errors). */
  anthropic: string;
  /** Whether the same request may succeed if sent again (to this or another target). */
  retryable: boolean;
}

export type ErrorCode = keyof typeof errorTable;

export interface GatewayErrorOptions {
  /** The parameter at fault, for OpenAI's error.param. */
  param?: string;
  /** Seconds to wait before retrying, to the millisecond (the client's Retry-After header rounds up). */
  retryAfterSeconds?: number;
  /** Override the table's status, e.g. to relay an upstream's exact status. */
  status?: number;
  /** Override the table's retryable flag, e.g. an upstream said x-should-retry. */
  retryable?: boolean;
  /** The upstream's own error type/code when relayed, shown to same-dialect clients. */
  upstreamType?: string;
  upstreamCode?: string | null;
  /**
   * What the upstream reported it used for the answer it then failed (a Gemini 200 whose function
   * call was malformed): the provider bills it, so the record prices it.
   */
  reportedUsage?: Usage;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly param: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly upstreamType: string | undefined;
  readonly upstreamCode: string | null | undefined;
  readonly reportedUsage: Usage | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = options.status ?? errorTable[code].status;
    this.retryable = options.retryable ?? errorTable[code].retryable;
    this.param = options.param;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.upstreamType = options.upstreamType;
    this.upstreamCode = options.upstreamCode;
    this.reportedUsage = options.reportedUsage;
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

/** The same error with another retryable verdict (e.g. a 401 on one of several credentials). */
export function withRetryable(error: GatewayError, retryable: boolean): GatewayError {
  return new GatewayError(error.code, error.message, {
    param: error.param,
    retryAfterSeconds: error.retryAfterSeconds,
    status: error.status,
    retryable,
    upstreamType: error.upstreamType,
    upstreamCode: error.upstreamCode,
    ...(error.reportedUsage === undefined ? {} : { reportedUsage: error.reportedUsage }),
    cause: error,
  });
}

/** Any thrown value as a GatewayError; unknown failures become `internal` without leaking their text. */
export function toGatewayError(value: unknown): GatewayError {
  if (value instanceof GatewayError) return value;
  return new GatewayError('internal', 'The gateway hit an unexpected error.', { cause: value });
}
