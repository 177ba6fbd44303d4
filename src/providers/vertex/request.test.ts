import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import type { ChatCall, ProviderSettings } from '../provider.js';
import { chatRequest, embeddingsRequest } from './request.js';

const settings: ProviderSettings = {
  name: 'vertex',
  type: 'vertex',
  baseUrl: '',
  apiKeys: [],
  headers: {},
  project: 'acme-prod',
  location: 'europe-west4',
};

function call(overrides: Partial<ChatCall> = {}): ChatCall {
  return {
    model: 'gemini-2.5-pro',
    stream: false,
    payload: {
      kind: 'canonical',
      request: {
        model: 'pro',
        system: [],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
        stream: false,
        streamUsage: false,
      },
    },
    settings,
    apiKey: '',
    ...overrides,
  };
}

describe('vertex chatRequest', () => {
  it('targets the regional publisher model URL with no credential of its own (the authorizer adds the token)', () => {
    const built = chatRequest(call());
    expect(built.url).toBe(
      'https://europe-west4-aiplatform.googleapis.com/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/gemini-2.5-pro:generateContent',
    );
    expect(built.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(built.body ?? '')).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] });
  });

  it('uses the global host for location global, us-central1 by default, and baseUrl when set', () => {
    expect(chatRequest(call({ stream: true, settings: { ...settings, location: 'global' } })).url).toBe(
      'https://aiplatform.googleapis.com/v1/projects/acme-prod/locations/global/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    );
    const { location: _location, ...noLocation } = settings;
    expect(chatRequest(call({ settings: noLocation })).url).toMatch(
      /^https:\/\/us-central1-aiplatform\.googleapis\.com\/v1\/projects\/acme-prod\/locations\/us-central1\//,
    );
    expect(chatRequest(call({ settings: { ...settings, baseUrl: 'http://127.0.0.1:9/v1/' } })).url).toBe(
      'http://127.0.0.1:9/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/gemini-2.5-pro:generateContent',
    );
  });

  it('sends a Google API key in x-goog-api-key when the deployment uses one', () => {
    expect(chatRequest(call({ apiKey: 'AIza-vertex' })).headers['x-goog-api-key']).toBe('AIza-vertex');
  });

  it('refuses to build a URL without a project', () => {
    const { project: _project, ...noProject } = settings;
    expect(() => chatRequest(call({ settings: noProject }))).toThrow(GatewayError);
  });
});

describe('vertex embeddings', () => {
  it('sends one instance per input to :predict', () => {
    const built = embeddingsRequest(
      { model: 'text-embedding-005', input: ['a', 'b'], dimensions: 256 },
      settings,
      '',
    );
    expect(built.url).toBe(
      'https://europe-west4-aiplatform.googleapis.com/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/text-embedding-005:predict',
    );
    expect(JSON.parse(built.body ?? '')).toEqual({
      instances: [{ content: 'a' }, { content: 'b' }],
      parameters: { outputDimensionality: 256 },
    });
  });
});
