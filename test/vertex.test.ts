// Vertex AI end to end: the official clients through the gateway to a mock Vertex AI, with the
// service-account token flow against a local token endpoint that verifies each signed JWT. Gemini
// on Vertex (text, stream, embeddings, token reuse, refresh ahead of expiry, a revoked token) and
// Claude on Vertex (Anthropic passthrough at rawPredict / streamRawPredict, and across dialects).

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as anthropicWire from './fixtures/anthropic-wire.js';
import {
  geminiAnswer,
  geminiTextChunks,
  GoogleTokenServer,
  serviceAccountKey,
  type ServiceAccount,
} from './support/google-upstream.js';
import { MockUpstream } from './support/mock-upstream.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

let tokens: GoogleTokenServer;
let account: ServiceAccount;
let mock: MockUpstream;
let gateway: TestGateway;
let openai: OpenAI;
let anthropic: Anthropic;

const geminiPath = '/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/gemini-2.5-pro';
const claudePath =
  '/v1/projects/acme-prod/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514';

beforeAll(async () => {
  tokens = await new GoogleTokenServer(() => account).start();
  account = serviceAccountKey(tokens.url);
  mock = await new MockUpstream().start();
  const vertex = (name: string, type: string, location: string) => `
  ${name}:
    type: ${type}
    baseUrl: ${mock.url}/v1
    project: acme-prod
    location: ${location}
    serviceAccount: "\${GOOGLE_SA_JSON}"`;
  gateway = await startTestGateway(
    `
providers:${vertex('vertex', 'vertex', 'europe-west4')}${vertex('vertex-short', 'vertex', 'europe-west4')}${vertex('claude', 'vertex-anthropic', 'us-east5')}
defaults:
  retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 5 }
models:
  gemini-pro:
    targets: [{ provider: vertex, model: gemini-2.5-pro }]
  gemini-short:
    targets: [{ provider: vertex-short, model: gemini-2.5-pro }]
  claude-sonnet:
    targets: [{ provider: claude, model: claude-sonnet-4@20250514 }]
  vertex-embedding:
    kind: embeddings
    targets: [{ provider: vertex, model: text-embedding-005 }]
`,
    { GOOGLE_SA_JSON: account.json },
  );
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: gateway.url, apiKey: gateway.key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway.close();
  await mock.stop();
  await tokens.stop();
});

beforeEach(() => {
  tokens.expiresIn = 3600;
});

afterEach(() => {
  mock.forget();
});

const bearers = () => mock.requests.map((request) => request.headers.authorization);

describe('Gemini on Vertex AI', () => {
  it('fetches one verified token and reuses it for chat, stream and embeddings', async () => {
    mock.reply(
      {
        kind: 'json',
        body: geminiAnswer([{ text: 'Hello from Vertex.' }], { createTime: '2025-01-01T00:00:05Z' }),
      },
      { kind: 'sse', events: geminiTextChunks(['Str', 'eamed']) },
      {
        kind: 'json',
        body: {
          predictions: [
            { embeddings: { values: [0.5, 0.25], statistics: { token_count: 2, truncated: false } } },
          ],
        },
      },
    );
    const text = await openai.chat.completions.create({
      model: 'gemini-pro',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const streamed = await openai.chat.completions
      .stream({ model: 'gemini-pro', messages: [{ role: 'user', content: 'Hi' }] })
      .finalChatCompletion();
    const embedded = await openai.embeddings.create({
      model: 'vertex-embedding',
      input: 'hi',
      encoding_format: 'float',
    });

    expect(tokens.rejections).toBe(0);
    expect(tokens.grants).toHaveLength(1);
    const token = tokens.grants[0]?.token;
    expect(bearers()).toEqual([`Bearer ${token}`, `Bearer ${token}`, `Bearer ${token}`]);
    expect(mock.requests.map((request) => request.path)).toEqual([
      `${geminiPath}:generateContent`,
      `${geminiPath}:streamGenerateContent?alt=sse`,
      '/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/text-embedding-005:predict',
    ]);
    expect(mock.requests[0]?.headers['x-goog-api-key']).toBeUndefined();
    expect(mock.requests[0]?.body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] });
    expect(mock.requests[2]?.body).toEqual({ instances: [{ content: 'hi' }] });
    expect(text.choices[0]?.message.content).toBe('Hello from Vertex.');
    expect(text.created).toBe(1735689605);
    expect(streamed.choices[0]?.message.content).toBe('Streamed');
    expect(embedded.data[0]?.embedding).toEqual([0.5, 0.25]);
    expect(embedded.usage.prompt_tokens).toBe(2);
  });

  it('drops a token the upstream rejects and retries with a fresh one', async () => {
    const before = tokens.grants.length;
    mock.reply(
      {
        kind: 'json',
        status: 401,
        body: {
          error: {
            code: 401,
            message: 'Request had invalid authentication credentials.',
            status: 'UNAUTHENTICATED',
          },
        },
      },
      { kind: 'json', body: geminiAnswer([{ text: 'Recovered.' }]) },
    );
    const result = await openai.chat.completions.create({
      model: 'gemini-pro',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(result.choices[0]?.message.content).toBe('Recovered.');
    expect(tokens.grants.length).toBe(before + 1);
    const [rejected, fresh] = bearers();
    expect(fresh).toBe(`Bearer ${tokens.grants.at(-1)?.token}`);
    expect(fresh).not.toBe(rejected);
  });

  it('refreshes a token ahead of its expiry without making a request wait', async () => {
    tokens.expiresIn = 2;
    const ok = { kind: 'json', body: geminiAnswer([{ text: 'ok' }]) } as const;
    mock.reply(ok, ok, ok);
    const ask = () =>
      openai.chat.completions.create({ model: 'gemini-short', messages: [{ role: 'user', content: 'Hi' }] });
    const before = tokens.grants.length;
    await ask();
    await sleep(1100); // past half the 2-second lifetime: still usable, due for refresh
    await ask();
    await sleep(150);
    await ask();
    const issued = tokens.grants.slice(before).map((grant) => `Bearer ${grant.token}`);
    expect(issued).toHaveLength(2);
    expect(bearers()).toEqual([issued[0], issued[0], issued[1]]);
  });

  it('reports a token endpoint refusal as a gateway-side failure without key material', async () => {
    // The upstream rejects the cached token; fetching the next one is refused (not retried).
    mock.reply({
      kind: 'json',
      status: 401,
      body: { error: { code: 401, message: 'expired', status: 'UNAUTHENTICATED' } },
    });
    tokens.scripted.push({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' },
    });
    const error = await openai.chat.completions
      .create({ model: 'gemini-pro', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((error as Error).message).toContain('invalid_grant');
    expect((error as Error).message).not.toContain('PRIVATE KEY');
    expect(mock.requests).toHaveLength(1);
  });
});

describe('Claude on Vertex AI', () => {
  it('passes an Anthropic request through to rawPredict with the model in the URL', async () => {
    mock.reply({ kind: 'json', body: anthropicWire.message({ model: 'claude-sonnet-4-20250514' }) });
    const result = await anthropic.messages.create(
      {
        model: 'claude-sonnet',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Hi' }],
        metadata: { user_id: 'u-1' },
      },
      { headers: { 'anthropic-beta': 'context-1m-2025-08-07' } },
    );
    const sent = mock.last;
    expect(sent.path).toBe(`${claudePath}:rawPredict`);
    expect(sent.headers.authorization).toMatch(/^Bearer ya29\./);
    expect(sent.headers['anthropic-beta']).toBe('context-1m-2025-08-07');
    expect(sent.headers['x-api-key']).toBeUndefined();
    expect(sent.body).toEqual({
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
      metadata: { user_id: 'u-1' },
      anthropic_version: 'vertex-2023-10-16',
    });
    expect(result.content[0]).toMatchObject({ type: 'text', text: 'Hello there.' });
    expect(result.usage).toMatchObject({ input_tokens: 100, cache_read_input_tokens: 1000 });
  });

  it('streams through streamRawPredict verbatim', async () => {
    mock.reply({ kind: 'sse', events: anthropicWire.textStream(['Hel', 'lo']) });
    const final = await anthropic.messages
      .stream({ model: 'claude-sonnet', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] })
      .finalMessage();
    expect(mock.last.path).toBe(`${claudePath}:streamRawPredict`);
    expect(mock.last.body).toMatchObject({ stream: true, anthropic_version: 'vertex-2023-10-16' });
    expect(mock.last.body).not.toHaveProperty('model');
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'Hello' });
  });

  it("serves OpenAI clients too, and maps Vertex's own 429 envelope", async () => {
    mock.reply({ kind: 'json', body: anthropicWire.message() });
    const result = await openai.chat.completions.create({
      model: 'claude-sonnet',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(mock.last.body).toMatchObject({ anthropic_version: 'vertex-2023-10-16', max_tokens: 4096 });
    expect(result.choices[0]?.message.content).toBe('Hello there.');

    const quota = {
      kind: 'json',
      status: 429,
      body: {
        error: {
          code: 429,
          message: 'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model',
          status: 'RESOURCE_EXHAUSTED',
        },
      },
    } as const;
    mock.reply(quota, quota); // the gateway's one retry meets the same quota
    const error = await anthropic.messages
      .create({ model: 'claude-sonnet', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
  });
});
