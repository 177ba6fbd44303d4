import { describe, expect, it } from 'vitest';
import { fromGoogleError, fromStreamError } from './error.js';

const google = (code: number, status: string, message: string, details?: unknown[]) =>
  JSON.stringify({ error: { code, status, message, ...(details ? { details } : {}) } });

describe('fromGoogleError', () => {
  it.each([
    [400, 'INVALID_ARGUMENT', 'Bad temperature', 'invalid_request', 400],
    [
      400,
      'INVALID_ARGUMENT',
      'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
      'context_length_exceeded',
      400,
    ],
    [400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.', 'upstream_error', 502],
    [404, 'NOT_FOUND', 'models/gemini-9 is not found', 'model_not_found', 404],
    [429, 'RESOURCE_EXHAUSTED', 'Quota exceeded', 'rate_limited', 429],
    [500, 'INTERNAL', 'internal', 'upstream_error', 502],
    [503, 'UNAVAILABLE', 'The service is currently unavailable.', 'unavailable', 503],
    [503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.', 'overloaded', 529],
    [504, 'DEADLINE_EXCEEDED', 'Deadline expired', 'upstream_timeout', 504],
  ])('%i %s -> %s', (status, name, message, code, gatewayStatus) => {
    expect(fromGoogleError(status, {}, google(status, name, message))).toMatchObject({
      code,
      status: gatewayStatus,
      upstreamType: name,
    });
  });

  it('keeps 4xx texts for the caller and hides 5xx texts', () => {
    expect(fromGoogleError(400, {}, google(400, 'INVALID_ARGUMENT', 'Bad temperature')).message).toBe(
      'Bad temperature',
    );
    expect(fromGoogleError(500, {}, google(500, 'INTERNAL', 'stack trace at host-17')).message).not.toContain(
      'host-17',
    );
  });

  it('treats credential failures as the gateway problem they are, without relaying the text', () => {
    for (const [status, body] of [
      [403, google(403, 'PERMISSION_DENIED', 'Permission denied on project 1234 for caller sa@p.iam')],
      [401, google(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.')],
      [
        400,
        google(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' },
        ]),
      ],
    ] as const) {
      const error = fromGoogleError(status, {}, body);
      expect(error.code).toBe('upstream_error');
      expect(error.message).not.toMatch(/1234|sa@p|API key not valid/);
    }
  });

  it('takes the wait from Retry-After first, then from RetryInfo', () => {
    const body = google(429, 'RESOURCE_EXHAUSTED', 'slow down', [
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2.5s' },
    ]);
    expect(fromGoogleError(429, {}, body).retryAfterSeconds).toBe(3);
    expect(fromGoogleError(429, { 'retry-after': '7' }, body).retryAfterSeconds).toBe(7);
    expect(
      fromGoogleError(429, {}, google(429, 'RESOURCE_EXHAUSTED', 'x', [{ retryDelay: 'soon' }]))
        .retryAfterSeconds,
    ).toBeUndefined();
  });

  it('never throws on hostile bodies', () => {
    expect(fromGoogleError(502, {}, '<html>Bad Gateway</html>')).toMatchObject({ code: 'upstream_error' });
    expect(fromGoogleError(400, {}, '{"error": "plain"}')).toMatchObject({ code: 'invalid_request' });
    expect(
      fromGoogleError(429, {}, JSON.stringify([{ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } }])),
    ).toMatchObject({ code: 'rate_limited' });
    expect(
      fromGoogleError(400, {}, google(400, 'INVALID_ARGUMENT', 'x'.repeat(10_000))).message.length,
    ).toBeLessThan(2100);
  });
});

describe('fromStreamError', () => {
  it('uses the code the error event carries', () => {
    expect(fromStreamError({ code: 429, status: 'RESOURCE_EXHAUSTED', message: 'x' })).toMatchObject({
      code: 'rate_limited',
    });
    expect(fromStreamError('garbage')).toMatchObject({ code: 'upstream_error' });
  });
});
