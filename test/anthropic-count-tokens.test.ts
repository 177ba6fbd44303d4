// `messages.countTokens` through the official Anthropic SDK: Anthropic's own count for a model
// whose first target is an Anthropic deployment, the gateway's estimate otherwise, and the errors.
// @see https://docs.anthropic.com/en/api/messages-count-tokens

import Anthropic from '@anthropic-ai/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';

const suite = mockGatewaySuite(`  claude-redacted:
    guardrails: { input: [{ check: pii, action: redact }] }
    targets: [{ provider: anthropic, model: claude-3-5-haiku-20241022 }]
`);
let client: Anthropic;

beforeAll(() => {
  client = new Anthropic({ baseURL: suite.gateway.url, apiKey: suite.gateway.key, maxRetries: 0 });
});

const messages: Anthropic.MessageParam[] = [
  { role: 'user', content: 'Hello, Claude. How many tokens is this?' },
];

describe('messages.countTokens', () => {
  it("asks Anthropic for a model served by Anthropic, with the upstream's id and key", async () => {
    suite.anthropic.reply({ kind: 'json', body: { input_tokens: 17 } });
    const { data, response } = await client.messages
      .countTokens(
        {
          model: 'claude-haiku',
          system: 'Be brief.',
          tools: [{ name: 'weather', input_schema: { type: 'object' } }],
          messages,
        },
        { headers: { 'anthropic-beta': 'token-counting-2024-11-01' } },
      )
      .withResponse();
    expect(data).toEqual({ input_tokens: 17 });
    expect(response.headers.get('x-switchyard-token-count')).toBe('anthropic');
    const sent = suite.anthropic.last;
    expect(sent.path).toBe('/v1/messages/count_tokens');
    expect(sent.headers['x-api-key']).toBe('upstream-anthropic-key');
    expect(sent.headers['anthropic-beta']).toContain('token-counting-2024-11-01');
    expect(sent.body).toMatchObject({ model: 'claude-3-5-haiku-20241022', system: 'Be brief.', messages });
    expect(sent.body.tools).toHaveLength(1);
    expect(sent.body).not.toHaveProperty('max_tokens');
  });

  it('estimates with the gateway tokenizer for a model no Anthropic deployment serves', async () => {
    const short = await client.messages.countTokens({ model: 'gpt-4o-mini', messages }).withResponse();
    const long = await client.messages.countTokens({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello, Claude. '.repeat(100) }],
    });
    expect(short.response.headers.get('x-switchyard-token-count')).toBe('estimated');
    expect(short.data.input_tokens).toBeGreaterThan(5);
    expect(long.input_tokens).toBeGreaterThan(short.data.input_tokens * 10);
    expect(suite.openai.requests).toHaveLength(0);
  });

  it('never sends a prompt past a route whose input guardrails have not seen it: counted here', async () => {
    const counted = await client.messages
      .countTokens({
        model: 'claude-redacted',
        messages: [{ role: 'user', content: 'Mail jane.doe@example.com the card 4111 1111 1111 1111' }],
      })
      .withResponse();
    expect(counted.response.headers.get('x-switchyard-token-count')).toBe('estimated');
    expect(counted.data.input_tokens).toBeGreaterThan(5);
    expect(suite.anthropic.requests).toHaveLength(0);
  });

  it("relays Anthropic's refusal as the SDK's error class, in Anthropic's error shape", async () => {
    suite.anthropic.reply({
      kind: 'json',
      status: 400,
      body: {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'messages: roles must alternate' },
      },
    });
    const error = await client.messages.countTokens({ model: 'claude-haiku', messages }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as Error).message).toMatch(/roles must alternate/);
  });

  it('fails an answer that is not a count, rather than passing it on', async () => {
    suite.anthropic.reply({ kind: 'json', body: { tokens: 'many' } });
    const error = await client.messages.countTokens({ model: 'claude-haiku', messages }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(502);
  });

  it('answers an unknown model with 404, a bad key with 401 and a body without messages with 400', async () => {
    await expect(client.messages.countTokens({ model: 'no-such-model', messages })).rejects.toBeInstanceOf(
      Anthropic.NotFoundError,
    );
    const stranger = new Anthropic({ baseURL: suite.gateway.url, apiKey: 'sy-not-a-key', maxRetries: 0 });
    await expect(stranger.messages.countTokens({ model: 'claude-haiku', messages })).rejects.toBeInstanceOf(
      Anthropic.AuthenticationError,
    );
    await expect(client.messages.countTokens({ model: 'claude-haiku', messages: [] })).rejects.toBeInstanceOf(
      Anthropic.BadRequestError,
    );
    const get = await fetch(`${suite.gateway.url}/v1/messages/count_tokens`, {
      headers: { 'x-api-key': suite.gateway.key, 'anthropic-version': '2023-06-01' },
    });
    expect(get.status).toBe(405);
    expect(suite.anthropic.requests).toHaveLength(0);
  });
  it("relays Anthropic's 429 on counting as the SDK's RateLimitError, with its Retry-After", async () => {
    suite.anthropic.reply({
      kind: 'json',
      status: 429,
      headers: { 'retry-after': '3' },
      body: { type: 'error', error: { type: 'rate_limit_error', message: 'Too many count requests' } },
    });
    const error = await client.messages.countTokens({ model: 'claude-haiku', messages }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const limited = error as InstanceType<typeof Anthropic.RateLimitError>;
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });
});
