import { describe, expect, it } from 'vitest';
import type { ProviderSettings, UpstreamRequest } from '../../providers/provider.js';
import { RequestSignal } from '../abort-signal.js';
import type { Authorizer } from './authorizer.js';
import { createAuthorizer, lazyAuthorizer } from './create-authorizer.js';

const request: UpstreamRequest = {
  method: 'POST',
  url: 'https://x/model/m/converse',
  headers: {},
  body: '{}',
};

describe('lazyAuthorizer', () => {
  it('loads its implementation once, on first use, however many requests wait for it', async () => {
    let loads = 0;
    let dropped = 0;
    const real: Authorizer = {
      async authorize(upstream) {
        return { ...upstream, headers: { authorization: 'signed' } };
      },
      rejected() {
        dropped += 1;
      },
    };
    const lazy = lazyAuthorizer(async () => {
      loads += 1;
      return real;
    });
    lazy.rejected?.();
    expect(loads).toBe(0);
    const signed = await Promise.all([1, 2, 3].map(() => lazy.authorize(request, new RequestSignal())));
    expect(loads).toBe(1);
    expect(signed.map((one) => one.headers.authorization)).toEqual(['signed', 'signed', 'signed']);
    lazy.rejected?.();
    await Promise.resolve();
    expect(dropped).toBe(1);
  });
});

describe('createAuthorizer', () => {
  const base = { name: 'p', baseUrl: 'https://x', headers: {} };
  it('needs none for key-header providers, and none for Bedrock or Vertex given api keys', () => {
    for (const type of ['openai', 'anthropic', 'openai-compatible', 'gemini', 'mistral'] as const) {
      expect(createAuthorizer({ ...base, type, apiKeys: ['k'] })).toBeUndefined();
    }
    expect(createAuthorizer({ ...base, type: 'azure-openai', apiKeys: ['k'] })).toBeUndefined();
    expect(createAuthorizer({ ...base, type: 'bedrock', apiKeys: ['bedrock-api-key'] })).toBeUndefined();
    expect(createAuthorizer({ ...base, type: 'vertex', apiKeys: ['k'], project: 'p' })).toBeUndefined();
  });

  it('signs Bedrock requests with SigV4 when no api key is set, loading the AWS code on first use', async () => {
    const settings: ProviderSettings = {
      ...base,
      type: 'bedrock',
      apiKeys: [],
      region: 'us-east-1',
      aws: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    };
    const authorizer = createAuthorizer(settings);
    const signed = await authorizer?.authorize(
      { ...request, url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse' },
      new RequestSignal(),
    );
    expect(signed?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request/,
    );
  });
});
