// The model catalog end to end: the official SDKs against the gateway in front of mock upstreams.
// Parameters a target model rejects are rewritten or dropped (and the x-switchyard-warning header
// says so, for JSON and streams); max_tokens above the model's limit is refused before sending.

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as anthropicWire from './fixtures/anthropic-wire.js';
import { completion, textStream } from './fixtures/openai-wire.js';
import { MockUpstream } from './support/mock-upstream.js';
import { mockProvidersYaml, startTestGateway, type TestGateway } from './support/test-gateway.js';

let openaiMock: MockUpstream;
let anthropicMock: MockUpstream;
let gateway: TestGateway;
let openai: OpenAI;
let anthropic: Anthropic;

const extraModels = `
  o3-mini:
    targets: [{ provider: openai, model: o3-mini-2025-01-31 }]
  sonnet:
    targets: [{ provider: anthropic, model: claude-sonnet-4-20250514 }]
  haiku-then-o3:
    targets: [{ provider: anthropic, model: claude-3-5-haiku-20241022 }, { provider: openai, model: o3-mini }]
  "openai/*":
    targets: [{ provider: openai }]
`;

beforeAll(async () => {
  openaiMock = await new MockUpstream().start();
  anthropicMock = await new MockUpstream().start();
  const yaml = mockProvidersYaml(openaiMock.url, anthropicMock.url).replace(
    'models:\n',
    `models:${extraModels}`,
  );
  gateway = await startTestGateway(yaml);
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: gateway.url, apiKey: gateway.key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway.close();
  await openaiMock.stop();
  await anthropicMock.stop();
});

/**
 * Sampling parameters the installed Anthropic SDK no longer types (newer models reject them), yet
 * clients still send them to older models; typed as nothing so they pass the SDK's signatures.
 */
function sampling(fields: { temperature?: number; top_k?: number }): object {
  return fields;
}

afterEach(() => {
  openaiMock.forget();
  anthropicMock.forget();
});

describe('OpenAI client on an OpenAI reasoning model', () => {
  it('renames max_tokens, drops temperature, and says so in x-switchyard-warning (JSON)', async () => {
    openaiMock.reply({ kind: 'json', body: completion({ model: 'o3-mini-2025-01-31' }) });
    const { data, response } = await openai.chat.completions
      .create({
        model: 'o3-mini',
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 300,
        temperature: 0.2,
        reasoning_effort: 'low',
      })
      .withResponse();
    const sent = openaiMock.last;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer upstream-openai-key');
    expect(sent.body).toEqual({
      model: 'o3-mini-2025-01-31',
      messages: [{ role: 'user', content: 'hi' }],
      max_completion_tokens: 300,
      reasoning_effort: 'low',
    });
    expect(response.headers.get('x-switchyard-warning')).toBe(
      'renamed max_tokens to max_completion_tokens: required by o3-mini, dropped temperature: not supported by o3-mini',
    );
    expect(data.choices[0]?.message.content).toBe('Hello there.');
    expect(data.usage?.prompt_tokens).toBe(1200);
  });

  it('sends the warning header with a stream too', async () => {
    openaiMock.reply({ kind: 'sse', events: textStream(['Hel', 'lo']) });
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'o3-mini', messages: [{ role: 'user', content: 'hi' }], top_p: 0.5, stream: true })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello');
    expect(openaiMock.last.body.top_p).toBeUndefined();
    expect(response.headers.get('x-switchyard-warning')).toBe('dropped top_p: not supported by o3-mini');
  });

  it('applies the catalog to names a pattern derives, and adds no header when nothing changed', async () => {
    openaiMock.reply({ kind: 'json', body: completion() }, { kind: 'json', body: completion() });
    const reasoning = await openai.chat.completions
      .create({
        model: 'openai/gpt-5-mini-2025-08-07',
        messages: [{ role: 'user', content: 'hi' }],
        temperature: 1,
      })
      .withResponse();
    expect(openaiMock.last.body.temperature).toBeUndefined();
    expect(reasoning.response.headers.get('x-switchyard-warning')).toBe(
      'dropped temperature: not supported by gpt-5-mini',
    );
    const plain = await openai.chat.completions
      .create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
        temperature: 0.3,
        max_tokens: 50,
      })
      .withResponse();
    expect(openaiMock.last.body).toMatchObject({ temperature: 0.3, max_tokens: 50 });
    expect(plain.response.headers.get('x-switchyard-warning')).toBeNull();
  });

  it('refuses max_tokens above the model limit with a 400 naming it, without calling the upstream', async () => {
    const attempt = openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 100_000,
    });
    await expect(attempt).rejects.toMatchObject({
      status: 400,
      error: expect.objectContaining({ type: 'invalid_request_error', param: 'max_tokens' }),
    });
    await expect(attempt).rejects.toThrow(/gpt-4o-mini can produce at most 16384 output tokens/);
    expect(openaiMock.requests).toHaveLength(0);
  });
});

describe('Anthropic client on a Claude model with extended thinking', () => {
  it('drops top_k and a temperature other than 1, for JSON and streams', async () => {
    anthropicMock.reply({ kind: 'json', body: anthropicWire.message() });
    const { response } = await anthropic.messages
      .create({
        model: 'sonnet',
        max_tokens: 4096,
        thinking: { type: 'enabled', budget_tokens: 2048 },
        ...sampling({ temperature: 0.2, top_k: 10 }),
        messages: [{ role: 'user', content: 'hi' }],
      })
      .withResponse();
    const sent = anthropicMock.last;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe('upstream-anthropic-key');
    expect(sent.body).toEqual({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.headers.get('x-switchyard-warning')).toBe(
      'dropped temperature: claude-sonnet-4 with thinking takes only 1, dropped top_k: not supported by claude-sonnet-4 with thinking',
    );

    anthropicMock.reply({ kind: 'sse', events: anthropicWire.textStream() });
    const { data: stream, response: streamed } = await anthropic.messages
      .create({
        model: 'sonnet',
        max_tokens: 4096,
        thinking: { type: 'enabled', budget_tokens: 2048 },
        ...sampling({ top_k: 10 }),
        messages: [{ role: 'user', content: 'hi' }],
        stream: true as const,
      })
      .withResponse();
    let text = '';
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    expect(text).toBe('Hello');
    expect(anthropicMock.last.body.top_k).toBeUndefined();
    expect(streamed.headers.get('x-switchyard-warning')).toBe(
      'dropped top_k: not supported by claude-sonnet-4 with thinking',
    );
  });

  it('refuses max_tokens above the limit in the Anthropic error shape', async () => {
    const attempt = anthropic.messages.create({
      model: 'claude-haiku',
      max_tokens: 9_000,
      messages: [{ role: 'user', content: 'hi' }],
    });
    await expect(attempt).rejects.toMatchObject({
      status: 400,
      error: { type: 'error', error: { type: 'invalid_request_error' } },
    });
    await expect(attempt).rejects.toThrow(/claude-3-5-haiku can produce at most 8192 output tokens/);
    expect(anthropicMock.requests).toHaveLength(0);
  });
});

describe('across dialects', () => {
  it('an Anthropic client on o3-mini loses temperature in the canonical request', async () => {
    openaiMock.reply({ kind: 'json', body: completion({ model: 'o3-mini-2025-01-31' }) });
    const { data, response } = await anthropic.messages
      .create({
        model: 'o3-mini',
        max_tokens: 200,
        ...sampling({ temperature: 0.5 }),
        messages: [{ role: 'user', content: 'hi' }],
      })
      .withResponse();
    expect(openaiMock.last.body.temperature).toBeUndefined();
    expect(openaiMock.last.body.max_completion_tokens).toBe(200);
    expect(response.headers.get('x-switchyard-warning')).toBe(
      'dropped temperature: not supported by o3-mini',
    );
    expect(data.content[0]).toMatchObject({ type: 'text', text: 'Hello there.' });
  });

  it('the first target refusing max_tokens stops the request: the limit is the client’s to fix', async () => {
    const attempt = openai.chat.completions.create({
      model: 'haiku-then-o3',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 50_000,
    });
    await expect(attempt).rejects.toMatchObject({ status: 400 });
    expect(anthropicMock.requests).toHaveLength(0);
    expect(openaiMock.requests).toHaveLength(0);
  });
});
