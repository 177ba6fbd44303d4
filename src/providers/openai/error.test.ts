import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import type { ErrorResponseBody } from './api.js';
import { errorFromDetail, fromErrorResponse, fromStreamError, retryAfterSeconds } from './error.js';

function body(error: Partial<ErrorResponseBody['error']>): string {
  return JSON.stringify({
    error: { message: 'upstream says no', type: 'invalid_request_error', param: null, code: null, ...error },
  });
}

describe('fromErrorResponse', () => {
  it.each([
    [400, 'invalid_request', 400],
    [401, 'upstream_error', 502],
    [403, 'upstream_error', 502],
    [402, 'insufficient_quota', 429],
    [404, 'model_not_found', 404],
    [408, 'upstream_timeout', 504],
    [409, 'invalid_request', 400],
    [413, 'payload_too_large', 413],
    [422, 'unprocessable', 422],
    [429, 'rate_limited', 429],
    [500, 'upstream_error', 502],
    [502, 'upstream_error', 502],
    [503, 'unavailable', 503],
    [504, 'upstream_timeout', 504],
    [529, 'overloaded', 529],
    [599, 'upstream_error', 502],
  ])('maps status %i to %s (%i)', (status, code, gatewayStatus) => {
    const error = fromErrorResponse(status, {}, body({}));
    expect(error).toBeInstanceOf(GatewayError);
    expect({ code: error.code, status: error.status }).toEqual({ code, status: gatewayStatus });
  });

  it('recognises a context overflow by its code or by its message', () => {
    expect(fromErrorResponse(400, {}, body({ code: 'context_length_exceeded' })).code).toBe(
      'context_length_exceeded',
    );
    const message =
      "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.";
    expect(fromErrorResponse(400, {}, body({ message })).code).toBe('context_length_exceeded');
  });

  it('keeps the upstream text, param, type and code of a request error: they help the caller fix it', () => {
    const error = fromErrorResponse(
      400,
      {},
      body({ message: "Invalid 'top_p'", param: 'top_p', code: 'invalid_value' }),
    );
    expect(error.message).toBe("Invalid 'top_p'");
    expect({
      param: error.param,
      upstreamType: error.upstreamType,
      upstreamCode: error.upstreamCode,
    }).toEqual({
      param: 'top_p',
      upstreamType: 'invalid_request_error',
      upstreamCode: 'invalid_value',
    });
  });

  it('never relays a credential error’s text, which names the gateway’s own key', () => {
    const error = fromErrorResponse(
      401,
      {},
      body({
        message: 'Incorrect API key provided: sk-proj-****abcd',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      }),
    );
    expect(error.message).not.toContain('sk-proj');
    expect(error.message).toMatch(/gateway's credentials/);
    expect(error.status).toBe(502);
  });

  it('tells quota exhaustion from rate limiting, without naming the gateway’s organisation', () => {
    const quota = fromErrorResponse(
      429,
      {},
      body({
        message: 'You exceeded your current quota (org-secret).',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
      }),
    );
    expect(quota.code).toBe('insufficient_quota');
    expect(quota.retryable).toBe(false);
    const rate = fromErrorResponse(
      429,
      {},
      body({
        message: 'Rate limit reached in organization org-secret',
        type: 'requests',
        code: 'rate_limit_exceeded',
      }),
    );
    expect(rate.code).toBe('rate_limited');
    expect(`${quota.message} ${rate.message}`).not.toContain('org-secret');
  });

  it('replaces server error text with its own, keeping type and code', () => {
    const error = fromErrorResponse(
      500,
      {},
      body({ message: 'stack trace at line 3', type: 'server_error', code: 'internal' }),
    );
    expect(error.message).not.toContain('stack trace');
    expect({ upstreamType: error.upstreamType, upstreamCode: error.upstreamCode }).toEqual({
      upstreamType: 'server_error',
      upstreamCode: 'internal',
    });
  });

  it.each([
    '<html><body>502 Bad Gateway</body></html>',
    '',
    'null',
    '[]',
    '{"error": 5}',
    '{"error": {"message": 12, "code": 429}}',
  ])('does not crash on an unreadable body (%j)', (text) => {
    const error = fromErrorResponse(404, {}, text);
    expect(error.code).toBe('model_not_found');
    expect(error.message).toBe('The provider rejected the request (status 404).');
    expect(error.upstreamCode).toBeUndefined();
  });

  it('accepts a bare error string and cuts a huge message', () => {
    expect(fromErrorResponse(400, {}, JSON.stringify({ error: 'model is required' })).message).toBe(
      'model is required',
    );
    const long = fromErrorResponse(400, {}, body({ message: 'x'.repeat(10_000) }));
    expect(long.message.length).toBeLessThanOrEqual(2001);
  });

  it('honours x-should-retry in both directions, else the table decides', () => {
    expect(fromErrorResponse(500, { 'x-should-retry': 'false' }, '').retryable).toBe(false);
    expect(fromErrorResponse(400, { 'X-Should-Retry': 'true' }, '').retryable).toBe(true);
    expect(fromErrorResponse(500, { 'x-should-retry': 'maybe' }, '').retryable).toBe(true);
    expect(fromErrorResponse(400, {}, '').retryable).toBe(false);
  });

  it('passes Retry-After through for any status', () => {
    expect(fromErrorResponse(503, { 'retry-after': '4' }, '').retryAfterSeconds).toBe(4);
    expect(fromErrorResponse(429, {}, '').retryAfterSeconds).toBeUndefined();
  });
});

describe('retryAfterSeconds', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('prefers retry-after-ms, kept to the millisecond', () => {
    expect(retryAfterSeconds({ 'retry-after-ms': '1200', 'retry-after': '9' }, now)).toBe(1.2);
    expect(retryAfterSeconds({ 'retry-after-ms': '20' }, now)).toBe(0.02);
  });

  it('reads seconds, decimal seconds and HTTP dates', () => {
    expect(retryAfterSeconds({ 'retry-after': '30' }, now)).toBe(30);
    expect(retryAfterSeconds({ 'retry-after': '0.5' }, now)).toBe(1);
    expect(retryAfterSeconds({ 'retry-after': 'Wed, 01 Jan 2025 00:00:42 GMT' }, now)).toBe(42);
    expect(retryAfterSeconds({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }, now)).toBe(0);
  });

  it('ignores negative, empty and meaningless values', () => {
    expect(retryAfterSeconds({ 'retry-after': '-5' }, now)).toBeUndefined();
    expect(retryAfterSeconds({ 'retry-after': ' ' }, now)).toBeUndefined();
    expect(retryAfterSeconds({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterSeconds({ 'retry-after-ms': 'Infinity', 'retry-after': '3' }, now)).toBe(3);
  });
});

describe('errorFromDetail', () => {
  it('uses the injected clock for HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(
      errorFromDetail(429, { 'retry-after': 'Wed, 01 Jan 2025 00:01:00 GMT' }, {}, now).retryAfterSeconds,
    ).toBe(60);
  });
});

describe('fromStreamError', () => {
  it('is undefined when there is no error', () => {
    expect(fromStreamError(undefined)).toBeUndefined();
    expect(fromStreamError(null)).toBeUndefined();
  });

  it.each([
    [{ type: 'insufficient_quota', code: 'insufficient_quota', message: 'm' }, 'insufficient_quota'],
    [{ type: 'tokens', code: 'rate_limit_exceeded', message: 'm' }, 'rate_limited'],
    [
      { type: 'invalid_request_error', code: 'context_length_exceeded', message: 'too long' },
      'context_length_exceeded',
    ],
    [{ type: 'invalid_request_error', code: null, message: 'bad image' }, 'invalid_request'],
    [{ type: 'server_error', code: null, message: 'internal' }, 'stream_interrupted'],
    [42, 'stream_interrupted'],
  ])('maps %j to %s', (payload, code) => {
    expect(fromStreamError(payload)?.code).toBe(code);
  });
});
