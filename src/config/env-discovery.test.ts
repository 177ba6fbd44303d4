import { describe, it, expect } from 'vitest';
import { ConfigError } from './config-error.js';
import { discoverConfig, ollamaBaseUrl, servesNothing, withVersionPath } from './env-discovery.js';
import { listModels, resolveModel } from './resolve-model.js';

describe('discoverConfig', () => {
  it('starts with nothing served and server defaults when no variable is set', () => {
    const config = discoverConfig({});
    expect(servesNothing(config)).toBe(true);
    expect(config.providers).toEqual({});
    expect(config.server.port).toBe(8787);
    expect(resolveModel(config, 'gpt-4o', 'chat')).toBeUndefined();
  });

  it('serves the OpenAI families under their own names, embeddings included', () => {
    const config = discoverConfig({ OPENAI_API_KEY: 'sk-o' });
    expect(config.providers.openai).toEqual({
      type: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      apiKeys: ['sk-o'],
      headers: {},
    });
    for (const name of ['gpt-4o', 'gpt-4.1-mini', 'o1-preview', 'o3-mini', 'o4-mini', 'chatgpt-4o-latest']) {
      expect(resolveModel(config, name, 'chat')?.targets[0]?.upstreamModel).toBe(name);
    }
    expect(resolveModel(config, 'text-embedding-3-small', 'embeddings')?.targets[0]?.settings.name).toBe(
      'openai',
    );
    expect(resolveModel(config, 'text-embedding-3-small', 'chat')).toBeUndefined();
    expect(resolveModel(config, 'claude-sonnet-4-5', 'chat')).toBeUndefined();
    expect(listModels(config)).toEqual([]);
  });

  it('honours OPENAI_BASE_URL and adds /v1 to ANTHROPIC_BASE_URL as the SDK omits it', () => {
    const config = discoverConfig({
      OPENAI_API_KEY: 'a',
      OPENAI_BASE_URL: 'http://127.0.0.1:9999/v1/',
      ANTHROPIC_API_KEY: 'b',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9998',
    });
    expect(config.providers.openai?.baseUrl).toBe('http://127.0.0.1:9999/v1');
    expect(config.providers.anthropic?.baseUrl).toBe('http://127.0.0.1:9998/v1');
    expect(discoverConfig({ ANTHROPIC_API_KEY: 'b' }).providers.anthropic?.baseUrl).toBe(
      'https://api.anthropic.com/v1',
    );
    expect(resolveModel(config, 'claude-opus-4-1', 'chat')?.targets[0]?.settings.type).toBe('anthropic');
  });

  it('serves each hosted OpenAI-compatible API under <name>/* with the prefix stripped', () => {
    const config = discoverConfig({
      GROQ_API_KEY: 'g',
      DEEPSEEK_API_KEY: 'd',
      OPENROUTER_API_KEY: 'r',
      XAI_API_KEY: 'x',
      TOGETHER_API_KEY: 't',
    });
    const groq = resolveModel(config, 'groq/llama-3.3-70b-versatile', 'chat')?.targets[0];
    expect(groq?.upstreamModel).toBe('llama-3.3-70b-versatile');
    expect(groq?.settings).toMatchObject({
      type: 'openai-compatible',
      server: 'groq',
      baseUrl: 'https://api.groq.com/openai/v1',
      apiKeys: ['g'],
    });
    expect(
      resolveModel(config, 'openrouter/anthropic/claude-3.5-sonnet', 'chat')?.targets[0]?.upstreamModel,
    ).toBe('anthropic/claude-3.5-sonnet');
    expect(Object.keys(config.providers).sort()).toEqual([
      'deepseek',
      'groq',
      'openrouter',
      'together',
      'xai',
    ]);
    expect(resolveModel(config, 'llama-3.3-70b-versatile', 'chat')).toBeUndefined();
  });

  it('serves Gemini from GEMINI_API_KEY (or GOOGLE_API_KEY) and Mistral from MISTRAL_API_KEY', () => {
    const config = discoverConfig({ GOOGLE_API_KEY: 'g-key', MISTRAL_API_KEY: 'm-key' });
    expect(config.providers.gemini).toMatchObject({ type: 'gemini', apiKeys: ['g-key'] });
    expect(config.providers.mistral).toMatchObject({ type: 'mistral', apiKeys: ['m-key'] });
    expect(resolveModel(config, 'gemini-2.5-flash', 'chat')?.targets[0]?.upstreamModel).toBe(
      'gemini-2.5-flash',
    );
    expect(resolveModel(config, 'gemini-embedding-001', 'embeddings')?.targets[0]?.settings.name).toBe(
      'gemini',
    );
    expect(resolveModel(config, 'mistral-large-latest', 'chat')?.targets[0]?.settings.name).toBe('mistral');
    expect(resolveModel(config, 'codestral-latest', 'chat')?.targets[0]?.upstreamModel).toBe(
      'codestral-latest',
    );
    expect(resolveModel(config, 'mistral-embed', 'embeddings')?.targets[0]?.upstreamModel).toBe(
      'mistral-embed',
    );
    // GEMINI_API_KEY wins over GOOGLE_API_KEY, as in Google's SDK.
    const both = discoverConfig({ GEMINI_API_KEY: 'first', GOOGLE_API_KEY: 'second' });
    expect(both.providers.gemini?.apiKeys).toEqual(['first']);
  });

  it('serves Ollama from OLLAMA_HOST without a key', () => {
    const config = discoverConfig({ OLLAMA_HOST: '0.0.0.0' });
    const target = resolveModel(config, 'ollama/llama3.2:3b', 'chat')?.targets[0];
    expect(target?.upstreamModel).toBe('llama3.2:3b');
    expect(target?.settings).toMatchObject({
      baseUrl: 'http://127.0.0.1:11434/v1',
      server: 'ollama',
      apiKeys: [],
    });
  });

  it('ignores blank variables', () => {
    expect(servesNothing(discoverConfig({ OPENAI_API_KEY: '  ', GROQ_API_KEY: '' }))).toBe(true);
  });

  it('takes server and storage settings from SWITCHYARD_*', () => {
    const config = discoverConfig({
      SWITCHYARD_HOST: '0.0.0.0',
      SWITCHYARD_PORT: '9000',
      SWITCHYARD_DATA_DIR: '/data',
      SWITCHYARD_POSTGRES_URL: 'postgres://u:p@db:5432/sy',
      SWITCHYARD_REDIS_URL: 'redis://cache:6379',
      SWITCHYARD_REDIS_PREFIX: 'eu-west:',
    });
    expect(config.server).toMatchObject({ host: '0.0.0.0', port: 9000 });
    expect(config.storage).toEqual({
      dataDir: '/data',
      sqlitePath: '/data/switchyard.db',
      postgresUrl: 'postgres://u:p@db:5432/sy',
      redisUrl: 'redis://cache:6379',
      redisPrefix: 'eu-west:',
    });
  });

  it('names the variable at fault, listing every bad one', () => {
    let caught: unknown;
    try {
      discoverConfig({
        SWITCHYARD_PORT: '99999',
        SWITCHYARD_REDIS_URL: 'http://nope',
        OPENAI_API_KEY: 'k',
        OPENAI_BASE_URL: 'not a url',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message.split('\n')).toEqual([
      'environment: SWITCHYARD_PORT: must be at most 65535',
      'environment: SWITCHYARD_REDIS_URL: expected a redis/rediss URL such as redis://host:6379',
      'environment: OPENAI_BASE_URL: expected a http/https URL such as https://api.example.com/v1',
    ]);
  });
});

describe('withVersionPath', () => {
  it('adds /v1 once', () => {
    expect(withVersionPath('https://api.anthropic.com')).toBe('https://api.anthropic.com/v1');
    expect(withVersionPath('https://proxy/anthropic/')).toBe('https://proxy/anthropic/v1');
    expect(withVersionPath('https://api.anthropic.com/v1/')).toBe('https://api.anthropic.com/v1');
  });
});

describe('ollamaBaseUrl', () => {
  it('reads OLLAMA_HOST the way Ollama does', () => {
    expect(ollamaBaseUrl('127.0.0.1')).toBe('http://127.0.0.1:11434/v1');
    expect(ollamaBaseUrl('gpu-box:8080')).toBe('http://gpu-box:8080/v1');
    expect(ollamaBaseUrl('http://gpu-box')).toBe('http://gpu-box/v1');
    expect(ollamaBaseUrl('https://ollama.example.com/')).toBe('https://ollama.example.com/v1');
    expect(ollamaBaseUrl('"0.0.0.0:11434"')).toBe('http://127.0.0.1:11434/v1');
    expect(ollamaBaseUrl('[::1]')).toBe('http://[::1]:11434/v1');
  });
});
