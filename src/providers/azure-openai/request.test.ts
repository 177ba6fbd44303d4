import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import type { ChatCall, ProviderSettings } from '../provider.js';
import { azureUrl, chatRequest, embeddingsRequest, toVersionBody } from './request.js';

function settings(overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    name: 'azure',
    type: 'azure-openai',
    baseUrl: 'https://my-resource.openai.azure.com/',
    apiKeys: ['key-1'],
    headers: {},
    ...overrides,
  };
}

const canonical: ChatRequest = {
  model: 'alias',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: true,
  streamUsage: true,
  maxTokens: 100,
  tools: [{ name: 'lookup', parameters: { type: 'object' } }],
  parallelToolCalls: false,
};

function call(overrides: Partial<ChatCall> = {}): ChatCall {
  return {
    model: 'gpt 4o/prod',
    stream: true,
    payload: { kind: 'canonical', request: canonical },
    settings: settings(),
    apiKey: 'key-1',
    ...overrides,
  };
}

describe('chatRequest', () => {
  it('posts to the deployment URL with the default GA api-version, deployment URL-encoded', () => {
    const built = chatRequest(call());
    expect(built.url).toBe(
      'https://my-resource.openai.azure.com/openai/deployments/gpt%204o%2Fprod/chat/completions?api-version=2024-10-21',
    );
    expect(built.method).toBe('POST');
  });

  it('sends the key as api-key, never as a bearer token, and lets deployment headers win', () => {
    const built = chatRequest(call({ settings: settings({ headers: { 'X-Trace': 'on' } }) }));
    expect(built.headers).toEqual({
      'content-type': 'application/json',
      'api-key': 'key-1',
      'x-trace': 'on',
    });
  });

  it('sends no api-key when Entra ID authorises the deployment (the authorizer adds the bearer)', () => {
    const entra = {
      tenantId: 't',
      clientId: 'c',
      clientSecret: 's',
      authorityHost: 'https://login.microsoftonline.com',
      scope: 'https://cognitiveservices.azure.com/.default',
    };
    const built = chatRequest(call({ settings: settings({ entra }), apiKey: 'stray' }));
    expect(built.headers['api-key']).toBeUndefined();
    expect(built.headers.authorization).toBeUndefined();
  });

  it('keeps the deployment name as the body model and drops stream_options on 2024-10-21', () => {
    const body = JSON.parse(chatRequest(call()).body ?? '') as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'gpt 4o/prod', stream: true, max_completion_tokens: 100 });
    expect(body).not.toHaveProperty('stream_options');
    expect(body.parallel_tool_calls).toBe(false);
  });

  it('uses the v1 surface with the deployment in the body and every newer field kept', () => {
    const built = chatRequest(call({ settings: settings({ apiVersion: 'v1' }) }));
    expect(built.url).toBe('https://my-resource.openai.azure.com/openai/v1/chat/completions');
    expect(JSON.parse(built.body ?? '')).toMatchObject({
      model: 'gpt 4o/prod',
      stream_options: { include_usage: true },
    });
  });

  it('passes a same-dialect body through, changing only what the api-version refuses', () => {
    const native = {
      model: 'alias',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      max_completion_tokens: 50,
      parallel_tool_calls: true,
      reasoning_effort: 'low',
      logit_bias: { '50256': -100 },
      data_sources: [{ type: 'azure_search' }],
    };
    const built = chatRequest(
      call({
        payload: { kind: 'native', body: native, headers: {} },
        settings: settings({ apiVersion: '2024-06-01' }),
      }),
    );
    expect(JSON.parse(built.body ?? '')).toEqual({
      model: 'gpt 4o/prod',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 50,
      logit_bias: { '50256': -100 },
      data_sources: [{ type: 'azure_search' }],
    });
  });
});

describe('toVersionBody', () => {
  it('keeps an explicit max_tokens when both caps are given to an old version', () => {
    expect(toVersionBody({ max_tokens: 10, max_completion_tokens: 20 }, '2024-06-01')).toEqual({
      max_tokens: 10,
    });
  });

  it('leaves the input body untouched', () => {
    const body = { stream_options: { include_usage: true } };
    toVersionBody(body, '2024-02-01');
    expect(body).toEqual({ stream_options: { include_usage: true } });
  });

  it('refuses json_schema on versions without structured outputs, with a clear 400', () => {
    const body = { response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } } };
    const attempt = () => toVersionBody(body, '2024-06-01');
    expect(attempt).toThrow(GatewayError);
    expect(attempt).toThrow(/response_format.*2024-06-01/);
    expect(toVersionBody(body, '2024-08-01-preview')).toEqual(body);
    expect(toVersionBody({ response_format: { type: 'json_object' } }, '2024-02-01')).toEqual({
      response_format: { type: 'json_object' },
    });
  });
});

describe('azureUrl', () => {
  it('encodes the api-version too (it is configuration, not code)', () => {
    expect(azureUrl(settings({ apiVersion: '2025-04-01-preview' }), 'd', '/embeddings')).toBe(
      'https://my-resource.openai.azure.com/openai/deployments/d/embeddings?api-version=2025-04-01-preview',
    );
  });
});

describe('embeddingsRequest', () => {
  it('asks for floats at the deployment embeddings URL', () => {
    const built = embeddingsRequest(
      { model: 'emb', input: ['a', 'b'], dimensions: 256 },
      settings(),
      'key-2',
    );
    expect(built.url).toBe(
      'https://my-resource.openai.azure.com/openai/deployments/emb/embeddings?api-version=2024-10-21',
    );
    expect(built.headers['api-key']).toBe('key-2');
    expect(JSON.parse(built.body ?? '')).toEqual({
      model: 'emb',
      input: ['a', 'b'],
      encoding_format: 'float',
      dimensions: 256,
    });
  });

  it('leaves encoding_format out before it existed, and refuses dimensions there', () => {
    const old = settings({ apiVersion: '2024-02-01' });
    expect(JSON.parse(embeddingsRequest({ model: 'emb', input: ['a'] }, old, 'k').body ?? '')).toEqual({
      model: 'emb',
      input: ['a'],
    });
    expect(() => embeddingsRequest({ model: 'emb', input: ['a'], dimensions: 8 }, old, 'k')).toThrow(
      /dimensions/,
    );
  });
});
