// The official @anthropic-ai/sdk against the gateway in front of an Anthropic mock: prompt
// caching fields, thinking and beta headers survive; streams and errors are faithful.

import Anthropic from '@anthropic-ai/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { message, textStream } from './fixtures/anthropic-wire.js';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';
import { anthropicClient } from './support/sdk-clients.js';

const suite = mockGatewaySuite();
let client: Anthropic;

beforeAll(() => {
  client = anthropicClient(suite.gateway);
});

describe('same dialect, no loss', () => {
  it('keeps cache_control, thinking and the beta header on the way up', async () => {
    suite.anthropic.reply({ kind: 'json', body: message() });
    const result = await client.messages.create(
      {
        model: 'claude-haiku',
        max_tokens: 2048,
        system: [{ type: 'text', text: 'Long policy text', cache_control: { type: 'ephemeral' } }],
        thinking: { type: 'enabled', budget_tokens: 1024 },
        messages: [
          {
            role: 'user',
            content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral', ttl: '1h' } }],
          },
        ],
      },
      { headers: { 'anthropic-beta': 'extended-cache-ttl-2025-04-11' } },
    );
    const sent = suite.anthropic.last;
    expect(sent.body.model).toBe('claude-3-5-haiku-20241022');
    expect(sent.body.system[0].cache_control).toEqual({ type: 'ephemeral' });
    expect(sent.body.messages[0].content[0].cache_control).toEqual({ type: 'ephemeral', ttl: '1h' });
    expect(sent.body.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(sent.headers['anthropic-beta']).toBe('extended-cache-ttl-2025-04-11');
    expect(sent.headers['x-api-key']).toBe('upstream-anthropic-key');
    expect(sent.headers['anthropic-version']).toBeDefined();
    expect(result.usage.cache_read_input_tokens).toBe(1000);
    expect(result.usage.cache_creation_input_tokens).toBe(50);
    expect(result.usage.input_tokens).toBe(100);
  });

  it('streams events through, pings included, and the SDK assembles the message', async () => {
    suite.anthropic.reply(
      { kind: 'sse', events: textStream(['Hel', 'lo']) },
      { kind: 'sse', events: textStream(['x']) },
    );
    const stream = client.messages.stream({
      model: 'claude-haiku',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const final = await stream.finalMessage();
    expect(final.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello' })]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBe(5);
    const { data, response } = await client.messages
      .create({
        model: 'claude-haiku',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      })
      .withResponse();
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const types = [];
    for await (const streamed of data) types.push(streamed.type);
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });
});

describe('errors in the Anthropic shape', () => {
  it('relays 529 overloaded as overloaded_error after the gateway retries', async () => {
    const overloaded = {
      kind: 'json',
      status: 529,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    } as const;
    suite.anthropic.reply(overloaded, overloaded, overloaded);
    const error = await client.messages
      .create({ model: 'claude-haiku', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(529);
    expect((apiError.error as { error: { type: string } }).error.type).toBe('overloaded_error');
    expect(apiError.headers?.get('x-should-retry')).toBe('false');
    expect(apiError.headers?.get('retry-after')).toBeTruthy();
    expect(suite.anthropic.requests).toHaveLength(3);
  });

  it('answers a missing key with authentication_error', async () => {
    const anonymous = new Anthropic({ baseURL: suite.gateway.url, apiKey: 'wrong', maxRetries: 0 });
    const error = await anonymous.messages
      .create({ model: 'claude-haiku', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
  });
});

describe('models', () => {
  it('lists models in the Anthropic shape with pagination ids', async () => {
    const page = await client.models.list({ limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.data[0]?.type).toBe('model');
    expect(page.has_more).toBe(true);
    const all = [];
    for await (const model of client.models.list({ limit: 1 })) all.push(model.id);
    expect(all).toEqual(expect.arrayContaining(['gpt-4o-mini', 'claude-haiku']));
  });

  it('retrieves one served model, and answers an unknown one with a 404 the SDK raises', async () => {
    const model = await client.models.retrieve('gpt-4o-mini');
    expect(model).toMatchObject({ type: 'model', id: 'gpt-4o-mini', display_name: 'gpt-4o-mini' });
    expect(Number.isNaN(Date.parse(model.created_at))).toBe(false);
    await expect(client.models.retrieve('no-such-model')).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });
});
