import { describe, it, expect } from 'vitest';
import { fromAnthropicError, headerValue, retryAfterSeconds } from './error.js';

function body(type: string, message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'error', error: { type, message, ...extra }, request_id: 'req_1' });
}

describe('fromAnthropicError: status mapping', () => {
  it.each([
    [400, 'invalid_request_error', 'invalid_request', 400],
    [404, 'not_found_error', 'model_not_found', 404],
    [408, 'timeout_error', 'upstream_timeout', 504],
    [413, 'request_too_large', 'payload_too_large', 413],
    [422, 'invalid_request_error', 'invalid_request', 400],
    [429, 'rate_limit_error', 'rate_limited', 429],
    [500, 'api_error', 'upstream_error', 502],
    [502, 'api_error', 'upstream_error', 502],
    [503, 'api_error', 'unavailable', 503],
    [504, 'timeout_error', 'upstream_timeout', 504],
    [529, 'overloaded_error', 'overloaded', 529],
  ])('maps %i %s to %s (status %i)', (status, type, code, gatewayStatus) => {
    const error = fromAnthropicError(status, {}, body(type, 'upstream says'));
    expect(error.code).toBe(code);
    expect(error.status).toBe(gatewayStatus);
    expect(error.upstreamType).toBe(type);
  });

  it('keeps the upstream message for 4xx, which tells the caller what to fix', () => {
    const error = fromAnthropicError(
      400,
      {},
      body('invalid_request_error', 'messages.1.content: Field required'),
    );
    expect(error.message).toBe('messages.1.content: Field required');
    expect(error.retryable).toBe(false);
  });

  it('hides the upstream message for 5xx', () => {
    const error = fromAnthropicError(500, {}, body('api_error', 'panic in shard 12 at 10.0.3.4'));
    expect(error.message).not.toContain('shard');
    expect(error.message).toContain('500');
    expect(error.retryable).toBe(true);
  });

  it.each([
    'prompt is too long: 208310 tokens > 200000 maximum',
    'input length and `max_tokens` exceed context limit: 198000 + 8192 > 200000, decrease input length',
  ])('recognises a context window overflow: %s', (message) => {
    const error = fromAnthropicError(400, {}, body('invalid_request_error', message));
    expect(error.code).toBe('context_length_exceeded');
    expect(error.status).toBe(400);
    expect(error.message).toBe(message);
  });

  it.each([401, 403])(
    "reports %i as the provider rejecting the gateway's credentials, not the client's",
    (status) => {
      const error = fromAnthropicError(status, {}, body('authentication_error', 'invalid x-api-key'));
      expect(error.code).toBe('upstream_error');
      expect(error.status).toBe(502);
      expect(error.message).toMatch(/gateway's credentials/);
      expect(error.message).not.toContain('x-api-key');
      expect(error.upstreamType).toBeUndefined();
    },
  );

  it('treats a 402 billing error as the gateway account failing upstream', () => {
    const error = fromAnthropicError(402, {}, body('billing_error', 'credit balance too low'));
    expect(error.code).toBe('upstream_error');
    expect(error.status).toBe(502);
  });

  it('treats a spend-limit 429 as insufficient quota, which waiting does not cure', () => {
    const error = fromAnthropicError(
      429,
      {},
      body('rate_limit_error', 'spend limit reached', {
        details: { error_code: 'enforced_spend_limit_reached' },
      }),
    );
    expect(error.code).toBe('insufficient_quota');
    expect(error.retryable).toBe(false);
    expect(error.upstreamCode).toBe('enforced_spend_limit_reached');
  });
});

describe('fromAnthropicError: hostile and odd bodies', () => {
  it.each([
    ['an HTML page', '<html><body>413 Request Entity Too Large</body></html>'],
    ['an empty body', ''],
    ['JSON null', 'null'],
    ['a JSON array', '[1,2,3]'],
    ['an error that is a string', '{"type":"error","error":"boom"}'],
    ['fields of the wrong type', '{"type":"error","error":{"type":7,"message":{"a":1},"details":"x"}}'],
  ])('does not crash on %s', (_name, text) => {
    const error = fromAnthropicError(413, {}, text);
    expect(error.code).toBe('payload_too_large');
    expect(error.message).toContain('413');
    expect(error.upstreamType).toBeUndefined();
  });
});

describe('fromAnthropicError: retry hints', () => {
  it('reads retry-after in seconds, whatever the header case', () => {
    const error = fromAnthropicError(429, { 'Retry-After': '30' }, body('rate_limit_error', 'slow down'));
    expect(error.retryAfterSeconds).toBe(30);
  });

  it('prefers retry-after-ms, as the official SDKs do', () => {
    const error = fromAnthropicError(
      529,
      { 'retry-after': '30', 'retry-after-ms': '1500' },
      body('overloaded_error', 'x'),
    );
    expect(error.retryAfterSeconds).toBe(1.5);
  });

  it('honours x-should-retry in both directions', () => {
    expect(fromAnthropicError(500, { 'x-should-retry': 'false' }, '').retryable).toBe(false);
    expect(fromAnthropicError(400, { 'X-Should-Retry': 'true' }, '').retryable).toBe(true);
    expect(fromAnthropicError(529, { 'x-should-retry': 'maybe' }, '').retryable).toBe(true);
    expect(fromAnthropicError(404, {}, '').retryable).toBe(false);
  });
});

describe('retryAfterSeconds', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  it('reads an HTTP date relative to now', () => {
    expect(retryAfterSeconds({ 'retry-after': 'Sun, 01 Jun 2025 12:02:00 GMT' }, now)).toBe(120);
    expect(retryAfterSeconds({ 'retry-after': 'Sun, 01 Jun 2025 11:00:00 GMT' }, now)).toBe(0);
  });

  it.each<Record<string, string>>([
    {},
    { 'retry-after': '' },
    { 'retry-after': 'soon' },
    { 'retry-after': '-5' },
    { 'retry-after-ms': '-1' },
  ])('ignores an absent or unusable hint %j', (headers) => {
    expect(retryAfterSeconds(headers, now)).toBeUndefined();
  });
});

describe('headerValue', () => {
  it('finds a header regardless of case and returns undefined when absent', () => {
    expect(headerValue({ 'Anthropic-Beta': 'x' }, 'anthropic-beta')).toBe('x');
    expect(headerValue({ 'anthropic-beta': 'y' }, 'anthropic-beta')).toBe('y');
    expect(headerValue({}, 'anthropic-beta')).toBeUndefined();
  });
});
