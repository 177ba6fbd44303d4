import { describe, expect, it } from 'vitest';
import type { AzureErrorResponseBody } from './api.js';
import { fromAzureErrorResponse, fromAzureStreamError } from './error.js';

const filtered = {
  error: {
    message:
      "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
    type: null,
    param: 'prompt',
    code: 'content_filter',
    status: 400,
    innererror: {
      code: 'ResponsibleAIPolicyViolation',
      content_filter_result: {
        hate: { filtered: false, severity: 'safe' },
        jailbreak: { filtered: true, detected: true },
      },
    },
  },
} satisfies AzureErrorResponseBody;

describe('fromAzureErrorResponse', () => {
  it('maps a prompt the content filter rejected to content_filter (400), keeping the policy text', () => {
    const error = fromAzureErrorResponse(400, {}, JSON.stringify(filtered));
    expect({ code: error.code, status: error.status, retryable: error.retryable }).toEqual({
      code: 'content_filter',
      status: 400,
      retryable: false,
    });
    expect(error.message).toMatch(/content management policy/);
    expect(error.upstreamCode).toBe('content_filter');
    expect(error.param).toBe('prompt');
  });

  it('recognises the filter by its inner error code alone (the spec spells it inner_error)', () => {
    const body = {
      error: { code: 'BadRequest', message: 'x', inner_error: { code: 'ResponsibleAIPolicyViolation' } },
    };
    expect(fromAzureErrorResponse(400, {}, JSON.stringify(body)).code).toBe('content_filter');
  });

  it('maps DeploymentNotFound to model_not_found without naming the resource', () => {
    const body = {
      error: {
        code: 'DeploymentNotFound',
        message: 'The API deployment for this resource does not exist. (resource: contoso-secret-rg)',
      },
    } satisfies AzureErrorResponseBody;
    const error = fromAzureErrorResponse(404, {}, JSON.stringify(body));
    expect({ code: error.code, status: error.status }).toEqual({ code: 'model_not_found', status: 404 });
    expect(error.message).not.toContain('contoso');
  });

  it('reads 429 retry-after-ms first and never relays the tier text', () => {
    const body = {
      error: {
        code: '429',
        message: 'exceeded token rate limit of your current OpenAI S0 pricing tier (contoso)',
      },
    };
    const error = fromAzureErrorResponse(
      429,
      { 'retry-after-ms': '1200', 'retry-after': '5' },
      JSON.stringify(body),
    );
    expect({ code: error.code, retryAfterSeconds: error.retryAfterSeconds }).toEqual({
      code: 'rate_limited',
      retryAfterSeconds: 1.2,
    });
    expect(error.message).not.toContain('contoso');
  });

  it('reads API Management’s flat {statusCode, message} envelope', () => {
    const error = fromAzureErrorResponse(
      429,
      { 'retry-after': '3' },
      JSON.stringify({ statusCode: 429, message: 'Rate limit is exceeded. Try again in 3 seconds.' }),
    );
    expect({ code: error.code, retryAfterSeconds: error.retryAfterSeconds }).toEqual({
      code: 'rate_limited',
      retryAfterSeconds: 3,
    });
  });

  it('hides the credential text of a 401 (it names the resource endpoint)', () => {
    const body = {
      error: {
        code: '401',
        message:
          'Access denied due to invalid subscription key or wrong API endpoint. (contoso.openai.azure.com)',
      },
    };
    const error = fromAzureErrorResponse(401, {}, JSON.stringify(body));
    expect({ code: error.code, status: error.status }).toEqual({ code: 'upstream_error', status: 502 });
    expect(error.message).not.toContain('contoso');
  });

  it.each(['', '<html>502</html>', 'null', '[1]', '{"error": 42}', '{"error": {"code": {"x": 1}}}'])(
    'never throws on a hostile body (%s)',
    (body) => {
      expect(fromAzureErrorResponse(500, {}, body).code).toBe('upstream_error');
      expect(fromAzureErrorResponse(400, {}, body).code).toBe('invalid_request');
    },
  );

  it('keeps context-length errors recognisable', () => {
    const body = {
      error: {
        code: 'context_length_exceeded',
        message: "This model's maximum context length is 128000 tokens.",
      },
    };
    expect(fromAzureErrorResponse(400, {}, JSON.stringify(body)).code).toBe('context_length_exceeded');
  });
});

describe('fromAzureStreamError', () => {
  it('is undefined for ordinary chunks', () => {
    expect(fromAzureStreamError({ choices: [] })).toBeUndefined();
    expect(fromAzureStreamError({ error: null })).toBeUndefined();
  });

  it('keeps a content-filter error its own code; other errors interrupt the stream', () => {
    expect(fromAzureStreamError(filtered)?.code).toBe('content_filter');
    expect(fromAzureStreamError({ error: { message: 'boom', type: 'server_error' } })?.code).toBe(
      'stream_interrupted',
    );
  });
});
