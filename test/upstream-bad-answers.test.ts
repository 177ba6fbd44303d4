// Upstream answers that are not chat completions (HTML, cut-short or error-object 200s, redirects):
// failures to retry, record and never cache, never successes passed on.

import { afterEach, describe, expect, it } from 'vitest';
import { completion } from './fixtures/openai-wire.js';
import { fetchRecord } from './support/fetch-record.js';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';

// Breakers off: every test here makes the target fail, and an open breaker would answer 503.
const suite = mockGatewaySuite(`
  cached:
    cache: { enabled: true }
    circuitBreaker: { enabled: false }
    targets: [{ provider: openai, model: gpt-4o-mini }]
  plain:
    circuitBreaker: { enabled: false }
    targets: [{ provider: openai, model: gpt-4o-mini }]
`);

afterEach(() => {
  suite.openai.always({ kind: 'json', status: 500, body: { error: { message: 'no reply scripted' } } });
});

async function chat(model: string, content = 'hi', extraBody: Record<string, unknown> = {}) {
  const response = await fetch(`${suite.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.gateway.key}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }], ...extraBody }),
  });
  return {
    status: response.status,
    headers: response.headers,
    text: await response.text(),
    id: response.headers.get('x-request-id') ?? '',
  };
}

describe('upstream answers 200 with a body that is not a chat completion (same dialect)', () => {
  it('does not pass an HTML 200 through as a successful JSON answer', async () => {
    suite.openai.reply({
      kind: 'text',
      status: 200,
      body: '<html><body>Bad suite.gateway from some proxy</body></html>',
      headers: { 'content-type': 'text/html' },
    });
    const result = await chat('plain');
    // Expected: a 502 (upstream_error) in the OpenAI shape, not 200 with an HTML body
    // labelled application/json that the official SDK then fails to parse.
    expect(result.status).toBe(502);
    expect(() => JSON.parse(result.text)).not.toThrow();
  });

  it('does not pass a truncated JSON 200 through as a successful answer', async () => {
    suite.openai.reply({
      kind: 'text',
      status: 200,
      body: '{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"mess',
      headers: { 'content-type': 'application/json' },
    });
    const result = await chat('plain');
    expect(result.status).toBe(502);
    expect(() => JSON.parse(result.text)).not.toThrow();
  });

  it('does not cache an invalid 200 body and serve it again from the cache', async () => {
    suite.openai.always({
      kind: 'text',
      status: 200,
      body: '<html>oops</html>',
      headers: { 'content-type': 'text/html' },
    });
    const first = await chat('cached', 'poison-probe');
    expect(first.status).toBe(502);
    await fetchRecord(suite.gateway, first.id);
    suite.openai.always({ kind: 'json', body: completion() });
    const second = await chat('cached', 'poison-probe');
    expect(second.status).toBe(200);
    expect(second.headers.get('x-switchyard-cache')).toBe('miss');
    expect(JSON.parse(second.text).choices[0].message.content).toBe('Hello there.');
  });

  it('retries an invalid 200 body, and caches only the good answer that follows', async () => {
    suite.openai.reply(
      {
        kind: 'text',
        status: 200,
        body: '{"choices":[{"index":0,"mess',
        headers: { 'content-type': 'application/json' },
      },
      { kind: 'json', body: completion() },
    );
    const first = await chat('cached', 'retry-probe');
    expect(first.status).toBe(200);
    expect(suite.openai.requests).toHaveLength(2);
    await fetchRecord(suite.gateway, first.id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await chat('cached', 'retry-probe');
    expect(second.headers.get('x-switchyard-cache')).toBe('hit');
    expect(JSON.parse(second.text).choices[0].message.content).toBe('Hello there.');
  });

  it('records an invalid 200 body as an error, not ok', async () => {
    suite.openai.reply({ kind: 'text', status: 200, body: 'not json at all', headers: {} });
    const result = await chat('plain');
    const record = await fetchRecord(suite.gateway, result.id);
    expect(record.outcome).toBe('error');
  });
});

describe('upstream answers that are not 2xx successes', () => {
  it('does not turn an upstream redirect into a 200 for the client', async () => {
    suite.openai.reply({
      kind: 'text',
      status: 302,
      body: '',
      headers: { location: 'https://login.example.com/' },
    });
    const result = await chat('plain');
    expect(result.status).toBe(502);
  });

  it('treats a 200 whose body is an OpenAI-style error object as a failure, and never caches it', async () => {
    // OpenRouter and some compatible servers answer 200 with {"error": ...} when their provider failed.
    suite.openai.always({ kind: 'json', body: { error: { message: 'Provider returned error', code: 502 } } });
    const first = await chat('cached', 'error-200-probe');
    expect(first.status).toBe(502);
    await fetchRecord(suite.gateway, first.id);
    suite.openai.always({ kind: 'json', body: completion() });
    const second = await chat('cached', 'error-200-probe');
    expect(second.status).toBe(200);
    expect(second.headers.get('x-switchyard-cache')).toBe('miss');
  });
});
