// Azure OpenAI end to end: the official openai and Anthropic clients against the gateway, in front of
// a mock Azure resource and a mock Entra ID token endpoint. Deployment URLs and api-versions, the
// api-key header and Entra bearer tokens, content filtering in both dialects, errors and cuts.

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  EntraTokenEndpoint,
  azureGatewayYaml,
  azureChunk,
  azureCompletion,
  azureFilteredCompletion,
  azureFilteredStream,
  azureTextStream,
  deploymentNotFound,
  event,
  invalidKey,
  promptBlocked,
  promptFilterChunk,
} from './support/azure-upstream.js';
import { MockUpstream } from './support/mock-upstream.js';
import { toolCallCompletion } from './fixtures/openai-wire.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

let azure: MockUpstream;
let entra: EntraTokenEndpoint;
let gateway: TestGateway;
let openai: OpenAI;
let anthropic: Anthropic;

const secret = 'entra-client-secret-value';

beforeAll(async () => {
  azure = await new MockUpstream().start();
  entra = await new EntraTokenEndpoint().start();
  gateway = await startTestGateway(azureGatewayYaml(azure.url, entra.url, secret));
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: gateway.url, apiKey: gateway.key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway.close();
  await azure.stop();
  await entra.stop();
});

afterEach(() => {
  azure.forget();
});

describe('OpenAI client, Azure deployment', () => {
  it('calls the deployment URL with api-version and api-key, and relays the answer', async () => {
    azure.reply({ kind: 'json', body: azureCompletion() });
    const result = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      max_completion_tokens: 20,
    });
    const sent = azure.last;
    expect(sent.path).toBe('/openai/deployments/prod%20gpt-4o/chat/completions?api-version=2024-10-21');
    expect(sent.headers['api-key']).toBe('azure-key-1');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toMatchObject({ model: 'prod gpt-4o', max_completion_tokens: 20 });
    expect(result.choices[0]?.message.content).toBe('Hello from Azure.');
    expect(result.usage).toMatchObject({ prompt_tokens: 30, completion_tokens: 5 });
  });

  it('streams on 2024-10-21 without stream_options: text arrives, usage cannot', async () => {
    azure.reply({ kind: 'sse', events: azureTextStream(['Hel', 'lo']) });
    const stream = openai.chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(azure.last.body.stream).toBe(true);
    expect(azure.last.body).not.toHaveProperty('stream_options');
    expect(final.choices[0]?.message.content).toBe('Hello');
    expect(final.choices[0]?.finish_reason).toBe('stop');
    expect(final.usage ?? undefined).toBeUndefined();
  });

  it('streams with usage on a preview api-version that accepts stream_options', async () => {
    azure.reply({ kind: 'sse', events: azureTextStream(['A', 'B'], { prompt: 9, completion: 2 }) });
    const stream = openai.chat.completions.stream({
      model: 'gpt-4o-preview',
      messages: [{ role: 'user', content: 'Hi' }],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(azure.last.path).toBe(
      '/openai/deployments/prod-gpt-4o/chat/completions?api-version=2025-04-01-preview',
    );
    expect(azure.last.body.stream_options).toEqual({ include_usage: true });
    expect(final.choices[0]?.message.content).toBe('AB');
    expect(final.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 2 });
  });

  it('uses the v1 surface: no deployment in the path, the deployment name as model', async () => {
    azure.reply({ kind: 'json', body: azureCompletion() });
    await openai.chat.completions.create({ model: 'gpt-4o-v1', messages: [{ role: 'user', content: 'Hi' }] });
    expect(azure.last.path).toBe('/openai/v1/chat/completions');
    expect(azure.last.body.model).toBe('prod-gpt-4o');
  });

  it('passes tools through and returns the tool call', async () => {
    azure.reply({
      kind: 'json',
      body: azureCompletion({ choices: toolCallCompletion('weather', '{"city":"Oslo"}').choices }),
    });
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: 'function',
        function: {
          name: 'weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    ];
    const result = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools,
      parallel_tool_calls: false,
    });
    expect(azure.last.body.tools).toEqual(tools);
    expect(azure.last.body.parallel_tool_calls).toBe(false);
    const call = result.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function).toEqual({
      name: 'weather',
      arguments: '{"city":"Oslo"}',
    });
    expect(result.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('relays a completion the output filter stopped, as finish_reason content_filter', async () => {
    azure.reply({ kind: 'json', body: azureFilteredCompletion() });
    const result = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(result.choices[0]?.finish_reason).toBe('content_filter');
  });

  it('streams a filtered completion to its content_filter finish', async () => {
    azure.reply({ kind: 'sse', events: azureFilteredStream() });
    const final = await openai.chat.completions
      .stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })
      .finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('Here is how');
    expect(final.choices[0]?.finish_reason).toBe('content_filter');
  });

  it('turns a prompt the filter blocked into a 400 content_filter error', async () => {
    azure.reply({ kind: 'json', status: 400, body: promptBlocked });
    const error = await openai.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'jailbreak' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const badRequest = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(badRequest.status).toBe(400);
    expect(badRequest.code).toBe('content_filter');
    expect(badRequest.message).toMatch(/content management policy/);
    expect(azure.requests).toHaveLength(1);
  });

  it('maps DeploymentNotFound to a 404 without retrying', async () => {
    azure.reply({ kind: 'json', status: 404, body: deploymentNotFound });
    const error = await openai.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(azure.requests).toHaveLength(1);
  });

  it('ends a stream cut after its first content with an explicit error', async () => {
    azure.reply({
      kind: 'sse',
      events: [event(promptFilterChunk), event(azureChunk({ role: 'assistant', content: 'Par' }))],
      cut: true,
    });
    const stream = openai.chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const received: string[] = [];
    stream.on('content', (delta) => received.push(delta));
    // The gateway's error event, not a silent end the SDK would report differently.
    await expect(stream.finalChatCompletion()).rejects.toThrow(/connection to the upstream failed/);
    expect(received).toEqual(['Par']);
  });

  it('rotates to the second key when the first is rejected with 401', async () => {
    azure.reply({ kind: 'json', status: 401, body: invalidKey }, { kind: 'json', body: azureCompletion() });
    const result = await openai.chat.completions.create({
      model: 'gpt-4o-rotating',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(result.choices[0]?.message.content).toBe('Hello from Azure.');
    expect(azure.requests.map((request) => request.headers['api-key'])).toEqual(['key-revoked', 'key-good']);
    // The revoked key sits out: the next request goes straight to the good one.
    azure.reply({ kind: 'json', body: azureCompletion() });
    await openai.chat.completions.create({
      model: 'gpt-4o-rotating',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(azure.last.headers['api-key']).toBe('key-good');
  });

  it('returns embeddings from the deployment as floats and as base64', async () => {
    const vectors = [
      [0.5, -1.25],
      [2, 0.125],
    ];
    const body = {
      object: 'list',
      model: 'text-embedding-3-small',
      data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
      usage: { prompt_tokens: 4, total_tokens: 4 },
    };
    azure.reply({ kind: 'json', body }, { kind: 'json', body });
    const viaBase64 = await openai.embeddings.create({ model: 'embed', input: ['a', 'b'] });
    expect(azure.last.path).toBe('/openai/deployments/prod-embed/embeddings?api-version=2024-10-21');
    expect(azure.last.headers['api-key']).toBe('azure-key-1');
    expect(azure.last.body).toMatchObject({ input: ['a', 'b'], encoding_format: 'float' });
    expect(viaBase64.data.map((item) => Array.from(item.embedding))).toEqual(vectors);
    const viaFloat = await openai.embeddings.create({ model: 'embed', input: 'a', encoding_format: 'float' });
    expect(viaFloat.data[0]?.embedding).toEqual(vectors[0]);
  });
});

describe('Microsoft Entra ID', () => {
  it('fetches one token, reuses it, refreshes it after expiry and after a 401', async () => {
    entra.expiresIn = 1;
    azure.always({ kind: 'json', body: azureCompletion() });
    try {
      const ask = () =>
        openai.chat.completions.create({
          model: 'gpt-4o-entra',
          messages: [{ role: 'user', content: 'Hi' }],
        });
      await Promise.all([ask(), ask(), ask()]);
      await ask();
      expect(entra.requests).toHaveLength(1);
      expect(entra.requests[0]?.path).toBe('/tenant-1/oauth2/v2.0/token');
      expect(entra.requests[0]?.form).toEqual({
        grant_type: 'client_credentials',
        client_id: 'client-1',
        client_secret: secret,
        scope: 'https://cognitiveservices.azure.com/.default',
      });
      expect(azure.requests.map((request) => request.headers.authorization)).toEqual(
        Array(4).fill('Bearer token-1'),
      );
      expect(azure.requests.every((request) => request.headers['api-key'] === undefined)).toBe(true);

      await new Promise((resolve) => setTimeout(resolve, 1100));
      await ask();
      expect(entra.requests).toHaveLength(2);
      expect(azure.last.headers.authorization).toBe('Bearer token-2');

      entra.expiresIn = 3600;
      azure.reply({ kind: 'json', status: 401, body: invalidKey });
      const result = await ask();
      expect(result.choices[0]?.message.content).toBe('Hello from Azure.');
      expect(entra.requests).toHaveLength(3);
      expect(azure.last.headers.authorization).toBe('Bearer token-3');
    } finally {
      azure.always({
        kind: 'json',
        status: 500,
        body: { error: { code: 'NoReply', message: 'no reply scripted' } },
      });
    }
  });
});

describe('Anthropic client, Azure deployment', () => {
  it('translates a message to chat completions and back', async () => {
    azure.reply({ kind: 'json', body: azureCompletion() });
    const message = await anthropic.messages.create({
      model: 'gpt-4o',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(azure.last.path).toBe('/openai/deployments/prod%20gpt-4o/chat/completions?api-version=2024-10-21');
    expect(azure.last.body).toMatchObject({
      model: 'prod gpt-4o',
      max_completion_tokens: 100,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello from Azure.' })]);
    expect(message.stop_reason).toBe('end_turn');
    // Azure counts the 10 cached tokens inside its 30; Anthropic's input_tokens excludes cache reads.
    expect(message.usage).toMatchObject({ input_tokens: 20, cache_read_input_tokens: 10, output_tokens: 5 });
  });

  it('streams text across dialects, without stream_options on the default api-version', async () => {
    azure.reply({ kind: 'sse', events: azureTextStream(['Hi', ' there']) });
    const message = await anthropic.messages
      .stream({ model: 'gpt-4o', max_tokens: 50, messages: [{ role: 'user', content: 'Hello' }] })
      .finalMessage();
    expect(azure.last.body.stream).toBe(true);
    expect(azure.last.body).not.toHaveProperty('stream_options');
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hi there' })]);
    expect(message.stop_reason).toBe('end_turn');
  });

  it('ends a cut stream with an Anthropic error event', async () => {
    azure.reply({
      kind: 'sse',
      events: [event(promptFilterChunk), event(azureChunk({ role: 'assistant', content: 'Par' }))],
      cut: true,
    });
    const stream = anthropic.messages.stream({
      model: 'gpt-4o',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const received: string[] = [];
    stream.on('text', (delta) => received.push(delta));
    await expect(stream.finalMessage()).rejects.toThrow(/connection to the upstream failed/);
    expect(received).toEqual(['Par']);
  });

  it('renders a filtered completion as a refusal, streamed or not', async () => {
    azure.reply(
      { kind: 'json', body: azureFilteredCompletion() },
      { kind: 'sse', events: azureFilteredStream() },
    );
    const whole = await anthropic.messages.create({
      model: 'gpt-4o',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(whole.stop_reason).toBe('refusal');
    const streamed = await anthropic.messages
      .stream({ model: 'gpt-4o', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] })
      .finalMessage();
    expect(streamed.stop_reason).toBe('refusal');
    expect(streamed.content).toEqual([expect.objectContaining({ type: 'text', text: 'Here is how' })]);
  });

  it('turns a blocked prompt into an Anthropic 400 invalid_request_error', async () => {
    azure.reply({ kind: 'json', status: 400, body: promptBlocked });
    const error = await anthropic.messages
      .create({ model: 'gpt-4o', max_tokens: 50, messages: [{ role: 'user', content: 'jailbreak' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const badRequest = error as InstanceType<typeof Anthropic.BadRequestError>;
    expect(badRequest.status).toBe(400);
    expect(JSON.stringify(badRequest.error)).toContain('invalid_request_error');
    expect(badRequest.message).toMatch(/content management policy/);
  });
});
