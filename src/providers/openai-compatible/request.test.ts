import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/index.js';
import type { ChatCall, ChatPayload, ProviderSettings } from '../provider.js';
import { defaultProfile, serverProfiles } from './api.js';
import { applyQuirks, chatRequest, embeddingsRequest, profileFor } from './request.js';

const request: ChatRequest = {
  model: 'alias',
  system: [{ type: 'text', text: 'Be kind.' }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: true,
  streamUsage: true,
  maxTokens: 100,
  parallelToolCalls: false,
  tools: [{ name: 'f', parameters: { type: 'object' } }],
};

function call(server: string | undefined, payload: ChatPayload = { kind: 'canonical', request }): ChatCall {
  const settings: ProviderSettings = {
    name: 'local',
    type: 'openai-compatible',
    baseUrl: 'http://127.0.0.1:8000/v1',
    apiKeys: [],
    headers: {},
    server,
  };
  return { model: 'served-model', stream: true, payload, settings, apiKey: '' };
}

function sentBody(server: string | undefined, payload?: ChatPayload): Record<string, unknown> {
  return JSON.parse(chatRequest(call(server, payload)).body ?? '') as Record<string, unknown>;
}

const nativeBody = {
  model: 'alias',
  stream: true,
  stream_options: { include_usage: false },
  max_completion_tokens: 50,
  parallel_tool_calls: true,
  messages: [
    { role: 'developer', content: 'Rules.' },
    { role: 'user', content: 'Hi' },
  ],
  top_k: 20,
};
const native: ChatPayload = { kind: 'native', body: nativeBody, headers: {} };

describe('profileFor', () => {
  it('forgives case and punctuation in server names', () => {
    expect(profileFor('llama.cpp')).toBe(serverProfiles.llamacpp);
    expect(profileFor('vLLM')).toBe(serverProfiles.vllm);
    expect(profileFor('x.ai')).toBe(serverProfiles.xai);
  });

  it.each([undefined, '', 'my-own-server', 'constructor', '__proto__', 'toString'])(
    'falls back to plain OpenAI for %j',
    (server) => {
      expect(profileFor(server)).toBe(defaultProfile);
    },
  );
});

describe('chatRequest', () => {
  it('posts to /chat/completions without auth when the server needs none', () => {
    const upstream = chatRequest(call('ollama'));
    expect(upstream.url).toBe('http://127.0.0.1:8000/v1/chat/completions');
    expect(upstream.headers.authorization).toBeUndefined();
  });

  it('omits stream_options for an unknown server but otherwise speaks plain OpenAI', () => {
    const body = sentBody(undefined);
    expect(body).not.toHaveProperty('stream_options');
    expect(body).toMatchObject({
      model: 'served-model',
      stream: true,
      max_tokens: 100,
      parallel_tool_calls: false,
    });
    expect(sentBody('unknown', native)).toMatchObject({
      max_completion_tokens: 50,
      messages: nativeBody.messages,
      top_k: 20,
    });
  });

  it.each(Object.entries(serverProfiles))(
    'sends stream_options to %s only if it accepts them',
    (server, profile) => {
      expect('stream_options' in sentBody(server)).toBe(profile.streamOptions);
    },
  );

  it('rewrites the developer role and token cap for DeepSeek and drops what it does not take', () => {
    const body = sentBody('deepseek', native);
    expect(body).toEqual({
      model: 'served-model',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 50,
      messages: [
        { role: 'system', content: 'Rules.' },
        { role: 'user', content: 'Hi' },
      ],
      top_k: 20,
    });
  });

  it('leaves both token caps alone on servers that read either', () => {
    expect(sentBody('groq', native)).toMatchObject({ max_completion_tokens: 50 });
    expect(sentBody('groq')).toMatchObject({ max_tokens: 100 });
  });

  it('drops stream_options and parallel_tool_calls for Together, which documents neither', () => {
    const body = sentBody('together', native);
    expect(body).not.toHaveProperty('stream_options');
    expect(body).not.toHaveProperty('parallel_tool_calls');
  });
});

describe('applyQuirks', () => {
  it('keeps max_tokens when both caps were given to a max_tokens server', () => {
    expect(applyQuirks({ max_tokens: 10, max_completion_tokens: 20 }, serverProfiles.ollama)).toEqual({
      max_tokens: 10,
    });
  });

  it('moves max_tokens to max_completion_tokens for a server that only reads the latter', () => {
    const profile = { ...defaultProfile, maxTokensField: 'max_completion_tokens' as const };
    expect(applyQuirks({ max_tokens: 10 }, profile)).toEqual({ max_completion_tokens: 10 });
  });

  it('never mutates the body or messages it was given, and skips messages it cannot read', () => {
    const body = {
      messages: [{ role: 'developer', content: 'x' }, null, 'text'],
      stream_options: { include_usage: true },
    };
    const copy = structuredClone(body);
    expect(applyQuirks(body, serverProfiles.vllm)).toEqual({
      messages: [{ role: 'system', content: 'x' }, null, 'text'],
      stream_options: { include_usage: true },
    });
    expect(body).toEqual(copy);
  });
});

describe('embeddingsRequest', () => {
  it('is the openai embeddings request', () => {
    const settings = call('ollama').settings;
    expect(embeddingsRequest({ model: 'nomic-embed-text', input: ['a'] }, settings, '').url).toBe(
      'http://127.0.0.1:8000/v1/embeddings',
    );
  });
});
