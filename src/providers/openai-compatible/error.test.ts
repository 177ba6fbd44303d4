import { describe, expect, it } from 'vitest';
import { fromCompatibleErrorResponse, readCompatibleErrorDetail } from './error.js';

describe('readCompatibleErrorDetail', () => {
  it('reads OpenAI’s envelope, dropping a numeric code (llama.cpp, OpenRouter)', () => {
    expect(
      readCompatibleErrorDetail(
        JSON.stringify({ error: { code: 400, message: 'bad', type: 'invalid_request_error' } }),
      ),
    ).toEqual({
      message: 'bad',
      type: 'invalid_request_error',
    });
  });

  it('reads Ollama’s bare error string', () => {
    expect(readCompatibleErrorDetail(JSON.stringify({ error: "model 'llama9' not found" }))).toEqual({
      message: "model 'llama9' not found",
    });
  });

  it('reads older vLLM’s flat error object', () => {
    const body = JSON.stringify({
      object: 'error',
      message: 'The model `x` does not exist.',
      type: 'NotFoundError',
      param: null,
      code: 404,
    });
    expect(readCompatibleErrorDetail(body)).toEqual({
      message: 'The model `x` does not exist.',
      type: 'NotFoundError',
    });
  });

  it.each(['Internal Server Error', '', '{"detail": "Not Found"}', '{"message": 5}', '[{"message": "x"}]'])(
    'reads nothing from %j',
    (body) => {
      expect(readCompatibleErrorDetail(body)).toEqual({});
    },
  );
});

describe('fromCompatibleErrorResponse', () => {
  it('maps a vLLM missing model to model_not_found with its text', () => {
    const body = JSON.stringify({
      object: 'error',
      message: 'The model `x` does not exist.',
      type: 'NotFoundError',
      param: null,
      code: 404,
    });
    const error = fromCompatibleErrorResponse(404, {}, body);
    expect({ code: error.code, message: error.message, upstreamType: error.upstreamType }).toEqual({
      code: 'model_not_found',
      message: 'The model `x` does not exist.',
      upstreamType: 'NotFoundError',
    });
  });

  it('maps DeepSeek’s and OpenRouter’s 402 to insufficient quota', () => {
    const error = fromCompatibleErrorResponse(
      402,
      {},
      JSON.stringify({
        error: {
          message: 'Insufficient Balance',
          type: 'unknown_error',
          param: null,
          code: 'invalid_request_error',
        },
      }),
    );
    expect(error.code).toBe('insufficient_quota');
  });

  it('maps llama.cpp’s 503 while loading a model to unavailable, with Retry-After', () => {
    const error = fromCompatibleErrorResponse(
      503,
      { 'Retry-After': '5' },
      JSON.stringify({ error: { code: 503, message: 'Loading model', type: 'unavailable_error' } }),
    );
    expect({
      code: error.code,
      retryAfterSeconds: error.retryAfterSeconds,
      retryable: error.retryable,
    }).toEqual({
      code: 'unavailable',
      retryAfterSeconds: 5,
      retryable: true,
    });
  });
});
