import { describe, expect, it } from 'vitest';
import type { ChatCall, ProviderSettings } from '../provider.js';
import { toVertexAnthropicRequest } from './request.js';

const settings: ProviderSettings = {
  name: 'claude-vertex',
  type: 'vertex-anthropic',
  baseUrl: '',
  apiKeys: [],
  headers: { 'anthropic-beta': 'deployment-beta' },
  project: 'acme',
  location: 'us-east5',
};

const nativeBody = {
  model: 'claude-sonnet',
  max_tokens: 100,
  stream: true,
  messages: [{ role: 'user', content: 'Hi' }],
  cache_control_extension: { keep: 'me' },
};

function call(overrides: Partial<ChatCall> = {}): ChatCall {
  return {
    model: 'claude-sonnet-4@20250514',
    stream: true,
    payload: {
      kind: 'native',
      body: nativeBody,
      headers: { 'Anthropic-Beta': 'client-beta, deployment-beta' },
    },
    settings,
    apiKey: '',
    ...overrides,
  };
}

describe('toVertexAnthropicRequest', () => {
  it('passes the client body through with model moved to the URL and the Vertex version set', () => {
    const built = toVertexAnthropicRequest(call());
    expect(built.url).toBe(
      'https://us-east5-aiplatform.googleapis.com/v1/projects/acme/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict',
    );
    const body = JSON.parse(built.body ?? '');
    expect(body).not.toHaveProperty('model');
    expect(body).toEqual({
      max_tokens: 100,
      stream: true,
      messages: [{ role: 'user', content: 'Hi' }],
      cache_control_extension: { keep: 'me' },
      anthropic_version: 'vertex-2023-10-16',
    });
    expect(built.headers['anthropic-beta']).toBe('deployment-beta,client-beta');
    expect(built.headers).not.toHaveProperty('anthropic-version');
    expect(nativeBody.model).toBe('claude-sonnet');
  });

  it('builds a canonical request at :rawPredict', () => {
    const built = toVertexAnthropicRequest(
      call({
        stream: false,
        payload: {
          kind: 'canonical',
          request: {
            model: 'x',
            system: [{ type: 'text', text: 'Be brief.' }],
            messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
            stream: false,
            streamUsage: false,
          },
        },
      }),
    );
    expect(built.url.endsWith(':rawPredict')).toBe(true);
    const body = JSON.parse(built.body ?? '');
    expect(body).not.toHaveProperty('model');
    expect(body).toMatchObject({
      anthropic_version: 'vertex-2023-10-16',
      max_tokens: 4096,
      system: [{ type: 'text', text: 'Be brief.' }],
    });
  });
});
