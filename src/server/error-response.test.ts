import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { GatewayError, errorTable } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import { defaultRetryAfterSeconds, renderError, renderStreamError } from './error-response.js';
import { startReplayServer } from '../../test/support/replay-server.js';
import type { ReplayAnswer, ReplayServer } from '../../test/support/replay-server.js';

const codes = Object.keys(errorTable) as ErrorCode[];

describe('renderError', () => {
  it.each(codes)('renders %s in both dialects with the table status and types', (code) => {
    const error = new GatewayError(code, `Problem: ${code}.`);
    const openai = renderError(error, 'openai', 'req_1');
    const anthropic = renderError(error, 'anthropic', 'req_1');
    expect(openai.status).toBe(errorTable[code].status);
    expect(anthropic.status).toBe(errorTable[code].status);
    expect(JSON.parse(openai.body)).toEqual({
      error: { message: `Problem: ${code}.`, type: errorTable[code].openai, param: null, code },
    });
    expect(JSON.parse(anthropic.body)).toEqual({
      type: 'error',
      error: { type: errorTable[code].anthropic, message: `Problem: ${code}.` },
      request_id: 'req_1',
    });
    for (const rendered of [openai, anthropic]) {
      expect(rendered.headers['content-type']).toBe('application/json');
      expect(rendered.headers['x-should-retry']).toBe(String(errorTable[code].retryable));
    }
  });

  it('names the parameter and prefers the upstream code for OpenAI clients', () => {
    const error = new GatewayError('invalid_request', 'Bad role.', { param: 'messages[0].role' });
    expect(JSON.parse(renderError(error, 'openai', 'r').body).error).toMatchObject({
      param: 'messages[0].role',
      code: 'invalid_request',
    });
    const relayed = new GatewayError('context_length_exceeded', 'Too long.', {
      upstreamCode: 'context_length_exceeded',
    });
    expect(JSON.parse(renderError(relayed, 'openai', 'r').body).error.code).toBe('context_length_exceeded');
    const quota = new GatewayError('insufficient_quota', 'Out of credit.', {
      upstreamCode: 'billing_hard_limit',
    });
    expect(JSON.parse(renderError(quota, 'openai', 'r').body).error.code).toBe('billing_hard_limit');
  });

  it('relays an overridden status, keeping the table type', () => {
    const error = new GatewayError('upstream_error', 'Upstream said 418.', { status: 418 });
    const rendered = renderError(error, 'anthropic', 'r');
    expect(rendered.status).toBe(418);
    expect(JSON.parse(rendered.body).error.type).toBe('api_error');
  });

  it('sends each SDK the request id under the header it reads', () => {
    const error = new GatewayError('internal', 'Oops.');
    expect(renderError(error, 'openai', 'req_9').headers['x-request-id']).toBe('req_9');
    expect(renderError(error, 'anthropic', 'req_9').headers['request-id']).toBe('req_9');
  });

  it.each([
    ['rate_limited', 12, '12'],
    ['rate_limited', 0.2, '1'],
    ['rate_limited', 2.5, '3'],
    ['rate_limited', -5, '1'],
    ['rate_limited', undefined, undefined],
    ['unavailable', undefined, String(defaultRetryAfterSeconds)],
    ['overloaded', undefined, String(defaultRetryAfterSeconds)],
    ['overloaded', 30, '30'],
    ['upstream_timeout', 30, undefined],
    ['invalid_request', 30, undefined],
  ] as const)('for %s with retryAfterSeconds %s sends retry-after %s', (code, seconds, header) => {
    const error = new GatewayError(code, 'x', { retryAfterSeconds: seconds });
    expect(renderError(error, 'openai', 'r').headers['retry-after']).toBe(header);
    expect(renderError(error, 'anthropic', 'r').headers['retry-after']).toBe(header);
  });

  it('keeps hostile messages inside the JSON string', () => {
    const error = new GatewayError('invalid_request', '"}\n\ndata: [DONE]\n\n<script>');
    expect(JSON.parse(renderError(error, 'openai', 'r').body).error.message).toBe(error.message);
    expect(renderStreamError(error, 'openai').split('\n\n')).toHaveLength(2);
    expect(renderStreamError(error, 'anthropic').split('\n\n')).toHaveLength(2);
  });
});

describe('renderStreamError', () => {
  it('writes one final SSE event in each dialect', () => {
    const error = new GatewayError('stream_interrupted', 'Cut off.');
    expect(renderStreamError(error, 'openai')).toBe(
      'data: {"error":{"message":"Cut off.","type":"server_error","param":null,"code":"stream_interrupted"}}\n\n',
    );
    expect(renderStreamError(error, 'anthropic')).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"Cut off."}}\n\n',
    );
  });
});

describe('rendered errors through the official SDKs', () => {
  let server: ReplayServer;
  let answer: ReplayAnswer = { body: '{}' };
  beforeAll(async () => {
    server = await startReplayServer(() => answer);
  });
  afterAll(async () => {
    await server.close();
  });

  function serve(error: GatewayError, dialect: 'openai' | 'anthropic'): void {
    const rendered = renderError(error, dialect, 'req_sdk');
    answer = { status: rendered.status, headers: rendered.headers, body: rendered.body };
  }

  it('every code is parsed by the openai SDK with its status, type, code and message', async () => {
    const openai = new OpenAI({ baseURL: server.baseURL, apiKey: 'x', maxRetries: 0 });
    for (const code of codes) {
      serve(new GatewayError(code, `Problem: ${code}.`), 'openai');
      const failure = await openai.chat.completions
        .create({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] })
        .catch((error: unknown) => error);
      expect(failure, code).toBeInstanceOf(OpenAI.APIError);
      const apiError = failure as InstanceType<typeof OpenAI.APIError>;
      expect(apiError.status, code).toBe(errorTable[code].status);
      expect(apiError.type, code).toBe(errorTable[code].openai);
      expect(apiError.code, code).toBe(code);
      expect(apiError.message, code).toBe(`${errorTable[code].status} Problem: ${code}.`);
      expect(apiError.requestID, code).toBe('req_sdk');
    }
  });

  it('every code is parsed by the Anthropic SDK with its status, type and message', async () => {
    const anthropic = new Anthropic({ baseURL: server.origin, apiKey: 'x', maxRetries: 0 });
    for (const code of codes) {
      serve(new GatewayError(code, `Problem: ${code}.`), 'anthropic');
      const failure = await anthropic.messages
        .create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })
        .catch((error: unknown) => error);
      expect(failure, code).toBeInstanceOf(Anthropic.APIError);
      const apiError = failure as InstanceType<typeof Anthropic.APIError>;
      expect(apiError.status, code).toBe(errorTable[code].status);
      expect(apiError.type, code).toBe(errorTable[code].anthropic);
      expect((apiError.error as { error: { type: string } }).error.type, code).toBe(
        errorTable[code].anthropic,
      );
      expect(apiError.apiMessage, code).toBe(`Problem: ${code}.`);
      expect(apiError.requestID, code).toBe('req_sdk');
    }
  });

  it('stops an SDK from retrying what the gateway says cannot succeed', async () => {
    const openai = new OpenAI({ baseURL: server.baseURL, apiKey: 'x', maxRetries: 2 });
    const before = server.requests.length;
    serve(new GatewayError('insufficient_quota', 'Out of credit.'), 'openai');
    const failure = await openai.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect(server.requests.length - before).toBe(1);
  });
});
