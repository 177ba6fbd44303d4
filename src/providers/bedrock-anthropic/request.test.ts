import { describe, expect, it } from 'vitest';
import type { ProviderSettings } from '../provider.js';
import { toBedrockAnthropicRequest } from './request.js';

const settings: ProviderSettings = {
  name: 'claude-on-bedrock',
  type: 'bedrock-anthropic',
  baseUrl: 'https://bedrock-runtime.eu-central-1.amazonaws.com',
  apiKeys: [],
  headers: { 'anthropic-beta': 'token-efficient-tools-2025-02-19' },
};
const model = 'eu.anthropic.claude-sonnet-4-20250514-v1:0';

describe('toBedrockAnthropicRequest', () => {
  it('passes the client body through without model and stream, with the Bedrock version and beta flags', () => {
    const clientBody = {
      model: 'claude-alias',
      stream: true,
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      future_field: { kept: true },
    };
    const built = toBedrockAnthropicRequest({
      model,
      stream: true,
      payload: {
        kind: 'native',
        body: clientBody,
        headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14', 'anthropic-version': '2023-06-01' },
      },
      settings,
      apiKey: '',
    });
    expect(built.url).toBe(
      'https://bedrock-runtime.eu-central-1.amazonaws.com/model/eu.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke-with-response-stream',
    );
    expect(JSON.parse(built.body ?? '')).toEqual({
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      future_field: { kept: true },
      anthropic_version: 'bedrock-2023-05-31',
      anthropic_beta: ['token-efficient-tools-2025-02-19', 'interleaved-thinking-2025-05-14'],
    });
    expect(clientBody.model).toBe('claude-alias');
    expect(built.headers).toEqual({
      'content-type': 'application/json',
      accept: 'application/vnd.amazon.eventstream',
      'x-amzn-bedrock-accept': 'application/json',
    });
  });

  it('builds the Messages body from canonical for other clients and uses invoke for JSON answers', () => {
    const built = toBedrockAnthropicRequest({
      model,
      stream: false,
      payload: {
        kind: 'canonical',
        request: {
          model: 'alias',
          system: [{ type: 'text', text: 'Be brief.' }],
          messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
          stream: false,
          streamUsage: false,
        },
      },
      settings: { ...settings, headers: {} },
      apiKey: 'bedrock-api-key',
    });
    expect(built.url.endsWith('/invoke')).toBe(true);
    const body = JSON.parse(built.body ?? '');
    expect(body).toEqual({
      max_tokens: 4096,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      anthropic_version: 'bedrock-2023-05-31',
    });
    expect(built.headers.authorization).toBe('Bearer bedrock-api-key');
  });
});
