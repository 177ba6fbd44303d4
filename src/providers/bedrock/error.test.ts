import { describe, expect, it } from 'vitest';
import { fromBedrockError } from './error.js';

const type = (name: string) => ({
  'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
});

describe('fromBedrockError', () => {
  it.each([
    [400, 'ValidationException', 'invalid_request', 400],
    [404, 'ResourceNotFoundException', 'model_not_found', 404],
    [408, 'ModelTimeoutException', 'upstream_timeout', 504],
    [424, 'ModelErrorException', 'upstream_error', 502],
    [429, 'ThrottlingException', 'rate_limited', 429],
    [429, 'ModelNotReadyException', 'unavailable', 503],
    [400, 'ServiceQuotaExceededException', 'rate_limited', 429],
    [500, 'InternalServerException', 'upstream_error', 502],
    [503, 'ServiceUnavailableException', 'unavailable', 503],
  ])('maps %i %s to %s (%i)', (status, name, code, gatewayStatus) => {
    const error = fromBedrockError(status, type(name), JSON.stringify({ message: 'm' }));
    expect({ code: error.code, status: error.status, upstreamType: error.upstreamType }).toEqual({
      code,
      status: gatewayStatus,
      upstreamType: name,
    });
  });

  it.each([
    'AccessDeniedException',
    'UnrecognizedClientException',
    'ExpiredTokenException',
    'InvalidSignatureException',
  ])("reports %s as the gateway's AWS identity failing, without Bedrock's text", (name) => {
    const error = fromBedrockError(
      403,
      type(name),
      '{"message":"User: arn:aws:iam::123456789012:user/gw is not authorized"}',
    );
    expect(error.code).toBe('upstream_error');
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/gateway's credentials/);
    expect(error.message).not.toContain('arn:aws');
  });

  it('keeps the message of a request error and recognises a context overflow', () => {
    expect(
      fromBedrockError(400, type('ValidationException'), '{"message":"temperature: range: 0..1"}').message,
    ).toBe('temperature: range: 0..1');
    const overflow = fromBedrockError(
      400,
      type('ValidationException'),
      '{"message":"Input is too long for requested model."}',
    );
    expect(overflow.code).toBe('context_length_exceeded');
  });

  it('hides server-side text', () => {
    const error = fromBedrockError(
      500,
      type('InternalServerException'),
      '{"message":"shard 12 at 10.1.2.3"}',
    );
    expect(error.message).not.toContain('10.1.2.3');
  });

  it('reads the type from the body when the header is missing, and falls back to the status', () => {
    expect(fromBedrockError(400, {}, '{"__type":"com.amazon.coral.service#ThrottlingException"}').code).toBe(
      'rate_limited',
    );
    expect(fromBedrockError(429, {}, '<html>Too Many</html>').code).toBe('rate_limited');
    expect(fromBedrockError(502, {}, '').code).toBe('upstream_error');
    expect(fromBedrockError(400, {}, 'null').message).toMatch(/400/);
  });

  it('honours a Retry-After a proxy adds', () => {
    expect(
      fromBedrockError(429, { ...type('ThrottlingException'), 'Retry-After': '2.5' }, '{}').retryAfterSeconds,
    ).toBe(3);
  });
});
