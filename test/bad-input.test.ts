// Hostile and malformed input gets a clear 4xx in the client's dialect, reaches no upstream, and
// leaves the gateway serving the next request.

import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completion } from './fixtures/openai-wire.js';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';

const limits = `
server:
  bodyLimit: 64kb
  headersTimeoutMs: 1000
  maxHeaderBytes: 8192
`;

const suite = mockGatewaySuite(limits);

beforeAll(() => {
  suite.openai.always({ kind: 'json', body: completion() });
});

afterEach(() => {
  const reached = suite.openai.requests.length + suite.anthropic.requests.length;
  expect(reached, 'a rejected request must not reach any upstream').toBe(0);
});

async function post(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  const response = await fetch(`${suite.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.gateway.key}`, ...headers },
    body,
  });
  return { status: response.status, json: (await response.json()) as any };
}

const chat = (value: unknown) => post('/v1/chat/completions', JSON.stringify(value));
const messages = (value: unknown) =>
  post('/v1/messages', JSON.stringify(value), { 'anthropic-version': '2023-06-01' });

function expectOpenAIError(result: { status: number; json: any }, status: number, pattern: RegExp) {
  expect(result.status).toBe(status);
  expect(result.json.error.type).toBe('invalid_request_error');
  expect(result.json.error.message).toMatch(pattern);
}

function expectAnthropicError(result: { status: number; json: any }, status: number, pattern: RegExp) {
  expect(result.status).toBe(status);
  expect(result.json.type).toBe('error');
  expect(result.json.error.message).toMatch(pattern);
}

describe('body framing', () => {
  it('rejects malformed JSON', async () => {
    expectOpenAIError(await post('/v1/chat/completions', '{"model": "gpt-4o-mini",'), 400, /not valid JSON/);
  });

  it('rejects a wrong content type with 415', async () => {
    const result = await post('/v1/chat/completions', 'model=gpt', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expectOpenAIError(result, 415, /application\/json/);
  });

  it('rejects an oversized body with 413 in both dialects', async () => {
    const big = JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'x'.repeat(70_000) }],
    });
    expectOpenAIError(await post('/v1/chat/completions', big), 413, /exceeds the limit/);
    const result = await post('/v1/messages', big, { 'anthropic-version': '2023-06-01' });
    expect(result.status).toBe(413);
    expect(result.json.error.type).toBe('request_too_large');
  });

  it('rejects invalid UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}]}'),
    ]);
    expectOpenAIError(await post('/v1/chat/completions', bytes), 400, /UTF-8/);
  });

  it('rejects an empty body and a body that is not an object', async () => {
    expectOpenAIError(await post('/v1/chat/completions', ''), 400, /empty/);
    expectOpenAIError(await post('/v1/chat/completions', '[1,2]'), 400, /object/i);
  });
});

describe('chat body validation', () => {
  it('rejects wrong types with the parameter named', async () => {
    const result = await chat({ model: 42, messages: [{ role: 'user', content: 'hi' }] });
    expectOpenAIError(result, 400, /model/);
    expect(result.json.error.param).toBe('model');
    expectOpenAIError(
      await chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], temperature: 'hot' }),
      400,
      /temperature/,
    );
  });

  it('rejects empty messages', async () => {
    expectOpenAIError(await chat({ model: 'gpt-4o-mini', messages: [] }), 400, /messages/);
    expectAnthropicError(
      await messages({ model: 'claude-haiku', max_tokens: 10, messages: [] }),
      400,
      /messages/,
    );
  });

  it('rejects invalid roles', async () => {
    const result = await chat({ model: 'gpt-4o-mini', messages: [{ role: 'wizard', content: 'hi' }] });
    expectOpenAIError(result, 400, /role/);
    expect(result.json.error.param).toBe('messages[0].role');
    expectAnthropicError(
      await messages({ model: 'claude-haiku', max_tokens: 10, messages: [{ role: 'tool', content: 'hi' }] }),
      400,
      /role/,
    );
  });

  it('rejects a tool result without a matching tool call', async () => {
    expectOpenAIError(
      await chat({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'tool', tool_call_id: 'call_missing', content: '42' },
        ],
      }),
      400,
      /call_missing/,
    );
    expectAnthropicError(
      await messages({
        model: 'claude-haiku',
        max_tokens: 10,
        messages: [
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_missing', content: '42' }] },
        ],
      }),
      400,
      /toolu_missing/,
    );
  });

  it('requires max_tokens from Anthropic clients, as Anthropic does', async () => {
    expectAnthropicError(
      await messages({ model: 'claude-haiku', messages: [{ role: 'user', content: 'hi' }] }),
      400,
      /max_tokens/,
    );
  });
});

describe('protocol abuse', () => {
  it('answers huge headers with 431', async () => {
    const response = await fetch(`${suite.gateway.url}/v1/models`, {
      headers: { 'x-junk': 'a'.repeat(20_000) },
    });
    expect(response.status).toBe(431);
  });

  it('closes a slow-loris connection that never finishes its headers', async () => {
    const url = new URL(suite.gateway.url);
    const socket = connect(Number(url.port), url.hostname);
    let received = '';
    socket.on('data', (data) => (received += data.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n');
    for (let index = 0; index < 4 && !socket.destroyed; index++) {
      await sleep(400);
      if (!socket.destroyed) socket.write(`x-drip-${index}: 1\r\n`);
    }
    await Promise.race([closed, sleep(4000)]);
    expect(socket.destroyed || socket.readableEnded).toBe(true);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('rejects unknown routes and wrong methods', async () => {
    expect((await fetch(`${suite.gateway.url}/v1/nothing`)).status).toBe(404);
    expect((await fetch(`${suite.gateway.url}/v1/chat/completions`)).status).toBe(405);
    const authorization = { authorization: `Bearer ${suite.gateway.key}` };
    expect(
      (
        await fetch(`${suite.gateway.url}/v1/models/gpt-4o-mini`, {
          method: 'DELETE',
          headers: authorization,
        })
      ).status,
    ).toBe(405);
  });

  it('answers a malformed percent escape in a path with 400, not 500', async () => {
    const authorization = { authorization: `Bearer ${suite.gateway.key}` };
    for (const path of ['/v1/models/%E0%A4%A', '/admin/keys/%ZZ']) {
      const response = await fetch(`${suite.gateway.url}${path}`, { headers: authorization });
      expect(response.status, path).toBe(400);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/malformed percent escape/);
    }
  });

  it('still serves normal requests after all of the above', async () => {
    const response = await fetch(`${suite.gateway.url}/health`);
    expect(response.status).toBe(200);
  });
});
