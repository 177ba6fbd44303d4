// Bedrock error responses (a status, the `x-amzn-errortype` header and a `{message}` body) and in-stream
// exception events -> GatewayError. Shared by both Bedrock adapters. Pure: never throws, whatever the
// body holds; never relays text that describes the gateway's own AWS account or credentials.

import { GatewayError } from '../../errors.js';
import type { ErrorCode } from '../../errors.js';

/** Upstream text is relayed to callers for 4xx; past this length it is cut. */
const maxMessageLength = 2000;

/**
 * Bedrock's wording when a prompt does not fit the model's context window.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/troubleshooting-api-error-codes.html
 */
const contextLengthPattern =
  /too long|too many (?:input )?tokens|context (?:length|window)|exceeds? .*context/i;

/** What the exception type alone says; the status decides the rest. */
const codesByType: Record<string, ErrorCode> = {
  ValidationException: 'invalid_request',
  ResourceNotFoundException: 'model_not_found',
  ThrottlingException: 'rate_limited',
  ServiceQuotaExceededException: 'rate_limited',
  ModelNotReadyException: 'unavailable',
  ServiceUnavailableException: 'unavailable',
  InternalServerException: 'upstream_error',
  ModelErrorException: 'upstream_error',
  ModelStreamErrorException: 'upstream_error',
  ModelTimeoutException: 'upstream_timeout',
};

/** Types that mean the gateway's AWS identity (keys, signature, model access) is at fault. */
const credentialTypes = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
]);

/**
 * Status + headers + body -> GatewayError.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html
 */
export function fromBedrockError(
  status: number,
  headers: Record<string, string>,
  body: string,
): GatewayError {
  const type = errorType(headers, body);
  const message = readMessage(body);
  const options = { upstreamType: type, retryAfterSeconds: retryAfterSeconds(headers) };
  if (status === 401 || status === 403 || (type !== undefined && credentialTypes.has(type))) {
    return new GatewayError(
      'upstream_error',
      `AWS rejected the gateway's credentials or model access (upstream status ${status}${type === undefined ? '' : `, ${type}`}); the client's key was fine.`,
      { ...options, status: 502 },
    );
  }
  const code = (type === undefined ? undefined : codesByType[type]) ?? codeForStatus(status);
  if (code === 'invalid_request' && contextLengthPattern.test(message ?? '')) {
    return new GatewayError(
      'context_length_exceeded',
      message ?? 'The prompt is too long for the model.',
      options,
    );
  }
  return new GatewayError(code, messageFor(code, status, message), options);
}

/**
 * An exception message inside an event stream: its `:exception-type` (the union member's name, e.g.
 * throttlingException) and its `{message}` payload.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html#API_runtime_ConverseStream_ResponseSyntax
 */
export function fromBedrockStreamException(eventType: string, data: string): GatewayError {
  const type = eventType.charAt(0).toUpperCase() + eventType.slice(1);
  const code = codesByType[type] ?? 'upstream_error';
  const message = readMessage(data);
  if (code === 'invalid_request' || code === 'rate_limited') {
    return new GatewayError(code, message ?? 'The provider reported an error in the stream.', {
      upstreamType: type,
    });
  }
  return new GatewayError(code, 'The provider reported an error in its stream.', {
    upstreamType: type,
  });
}

/** True for the event names Bedrock's stream unions give their error members. */
export function isStreamException(eventType: string): boolean {
  return eventType.endsWith('Exception');
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'invalid_request';
    case 404:
      return 'model_not_found';
    case 408:
      return 'upstream_timeout';
    case 413:
      return 'payload_too_large';
    case 424:
      return 'upstream_error';
    case 429:
      return 'rate_limited';
    case 503:
      return 'unavailable';
    case 504:
      return 'upstream_timeout';
    default:
      return status >= 500 ? 'upstream_error' : 'invalid_request';
  }
}

/** Codes whose upstream text describes the caller's own request, so it is kept. */
const requestCodes = new Set<ErrorCode>(['invalid_request', 'model_not_found', 'payload_too_large']);

/** Gateway wording for the rest: server-side text may describe AWS internals. */
const serverMessages: Partial<Record<ErrorCode, string>> = {
  rate_limited: 'The provider is rate limiting requests for this model; retry later.',
  unavailable: 'The provider or model is temporarily unavailable.',
  upstream_timeout: 'The model timed out.',
};

function messageFor(code: ErrorCode, status: number, message: string | undefined): string {
  if (requestCodes.has(code))
    return message ?? `The provider rejected the request (upstream status ${status}).`;
  return serverMessages[code] ?? `The provider failed to handle the request (upstream status ${status}).`;
}

/**
 * `x-amzn-errortype: ThrottlingException:http://internal.amazon.com/coral/...`, else the body's
 * `__type` (`com.amazon.coral...#ThrottlingException`).
 * @see https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization
 */
function errorType(headers: Record<string, string>, body: string): string | undefined {
  const header = headerValue(headers, 'x-amzn-errortype');
  const raw = header ?? stringField(parse(body), '__type') ?? stringField(parse(body), 'code');
  if (raw === undefined) return undefined;
  const name = raw.split(':')[0]?.split('#').at(-1)?.trim();
  return name === undefined || name === '' ? undefined : name;
}

function readMessage(body: string): string | undefined {
  const parsed = parse(body);
  const message = stringField(parsed, 'message') ?? stringField(parsed, 'Message');
  if (message === undefined || message === '') return undefined;
  return message.length > maxMessageLength ? `${message.slice(0, maxMessageLength)}…` : message;
}

/** Bedrock sends no Retry-After today; honour one if a proxy in front of it does. */
function retryAfterSeconds(headers: Record<string, string>): number | undefined {
  const value = headerValue(headers, 'retry-after');
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function stringField(value: unknown, name: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const field = (value as Record<string, unknown>)[name];
  return typeof field === 'string' ? field : undefined;
}
