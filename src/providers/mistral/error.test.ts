import { describe, expect, it } from 'vitest';
import type { MistralErrorBody, MistralValidationBody } from './api.js';
import { fromMistralErrorResponse, readMistralErrorDetail } from './error.js';

function envelope(fields: Partial<MistralErrorBody>): string {
  return JSON.stringify({
    object: 'error',
    message: 'upstream says no',
    type: 'invalid_request_error',
    param: null,
    code: null,
    ...fields,
  } satisfies MistralErrorBody);
}

describe('fromMistralErrorResponse', () => {
  it.each([
    [400, 'invalid_request', 400],
    [401, 'upstream_error', 502],
    [403, 'upstream_error', 502],
    [404, 'model_not_found', 404],
    [422, 'unprocessable', 422],
    [429, 'rate_limited', 429],
    [500, 'upstream_error', 502],
    [503, 'unavailable', 503],
    [504, 'upstream_timeout', 504],
  ])('maps status %i to %s (%i)', (status, code, gatewayStatus) => {
    const error = fromMistralErrorResponse(status, {}, envelope({}));
    expect({ code: error.code, status: error.status }).toEqual({ code, status: gatewayStatus });
  });

  it('keeps a request error’s text, type and string code: they help the caller fix it', () => {
    const error = fromMistralErrorResponse(
      400,
      {},
      envelope({
        message: 'Tool call id was call_0fypS1hVX but must be a-z, A-Z, 0-9, with a length of 9.',
        type: 'invalid_function_call',
        code: '3280',
      }),
    );
    expect(error.message).toContain('with a length of 9');
    expect({ upstreamType: error.upstreamType, upstreamCode: error.upstreamCode }).toEqual({
      upstreamType: 'invalid_function_call',
      upstreamCode: '3280',
    });
  });

  it('turns a 422 validation report (wrapped or bare) into one message naming the fields', () => {
    const detail = [
      {
        type: 'extra_forbidden',
        loc: ['body', 'messages', 0, 'user', 'name'],
        msg: 'Extra inputs are not permitted',
        input: 'secret prompt text',
      },
      { type: 'missing', loc: ['body', 'model'], msg: 'Field required' },
    ];
    const wrapped = fromMistralErrorResponse(422, {}, envelope({ message: { detail } }));
    expect(wrapped.code).toBe('unprocessable');
    expect(wrapped.message).toBe(
      'messages.0.user.name: Extra inputs are not permitted; model: Field required',
    );
    expect(wrapped.param).toBe('messages.0.user.name');
    expect(wrapped.message).not.toContain('secret prompt text');
    const bare = fromMistralErrorResponse(
      422,
      {},
      JSON.stringify({ detail } satisfies MistralValidationBody),
    );
    expect(bare.message).toBe(wrapped.message);
  });

  it('cuts a long validation report to a handful of issues', () => {
    const detail = Array.from({ length: 12 }, (_, index) => ({
      type: 'missing',
      loc: ['body', `field${index}`],
      msg: 'Field required',
    }));
    const error = fromMistralErrorResponse(422, {}, JSON.stringify({ detail }));
    expect(error.message).toMatch(/field4: Field required \(and 7 more\)$/);
  });

  it('reads the rate limiter’s bare message and passes Retry-After on', () => {
    const error = fromMistralErrorResponse(
      429,
      { 'retry-after': '3' },
      JSON.stringify({ message: 'Requests rate limit exceeded' }),
    );
    expect({
      code: error.code,
      retryAfterSeconds: error.retryAfterSeconds,
      retryable: error.retryable,
    }).toEqual({
      code: 'rate_limited',
      retryAfterSeconds: 3,
      retryable: true,
    });
  });

  it('tells a model out of capacity (overloaded) from this account being rate limited', () => {
    const error = fromMistralErrorResponse(
      429,
      { 'Retry-After': '5' },
      envelope({ message: 'Service tier capacity exceeded for this model.' }),
    );
    expect({ code: error.code, status: error.status, retryAfterSeconds: error.retryAfterSeconds }).toEqual({
      code: 'overloaded',
      status: 529,
      retryAfterSeconds: 5,
    });
  });

  it('never relays a credential error’s text', () => {
    const error = fromMistralErrorResponse(
      401,
      {},
      JSON.stringify({ message: 'Unauthorized', request_id: 'r' }),
    );
    expect(error.message).toMatch(/gateway's credentials/);
  });

  it.each(['<html>502</html>', '', 'null', '[]', '{"object":"error","message":12,"code":{"x":1}}'])(
    'does not crash on an unreadable body (%j)',
    (text) => {
      const error = fromMistralErrorResponse(400, {}, text);
      expect(error.code).toBe('invalid_request');
      expect(error.message).toBe('The provider rejected the request (status 400).');
    },
  );
});

describe('readMistralErrorDetail', () => {
  it('turns a numeric code into text and reads an OpenAI-shaped envelope too', () => {
    expect(readMistralErrorDetail(envelope({ code: 3505 as unknown as string })).code).toBe('3505');
    expect(readMistralErrorDetail(JSON.stringify({ error: { message: 'm', type: 't' } }))).toEqual({
      message: 'm',
      type: 't',
    });
  });
});
