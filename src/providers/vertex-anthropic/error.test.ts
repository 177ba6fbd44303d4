import { describe, expect, it } from 'vitest';
import { fromVertexAnthropicError } from './error.js';

describe('fromVertexAnthropicError', () => {
  it("reads Vertex's Google envelope and Anthropic's own error shape", () => {
    const google = JSON.stringify({
      error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' },
    });
    expect(fromVertexAnthropicError(429, {}, google)).toMatchObject({
      code: 'rate_limited',
      upstreamType: 'RESOURCE_EXHAUSTED',
    });
    const anthropic = JSON.stringify({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    expect(fromVertexAnthropicError(529, {}, anthropic)).toMatchObject({ code: 'overloaded', status: 529 });
    expect(
      fromVertexAnthropicError(
        400,
        {},
        JSON.stringify({
          type: 'error',
          error: { type: 'invalid_request_error', message: 'max_tokens: too big' },
        }),
      ),
    ).toMatchObject({
      code: 'invalid_request',
      message: 'max_tokens: too big',
    });
    expect(fromVertexAnthropicError(502, {}, 'not json')).toMatchObject({ code: 'upstream_error' });
  });
});
