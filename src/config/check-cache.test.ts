import { describe, expect, it } from 'vitest';
import { checkCache } from './check-cache.js';

describe('checkCache', () => {
  const embeddings = { kind: 'embeddings', targets: [{ provider: 'openai' }] };

  it('accepts an embedder that names an embeddings model', () => {
    const models = {
      embed: embeddings,
      chat: { cache: { enabled: true, semantic: { embedder: 'embed' } }, targets: [] },
    };
    expect(checkCache(models)).toEqual([]);
  });

  it('refuses an embedder that is unknown or a chat model, listing the embeddings models', () => {
    const models = {
      embed: embeddings,
      chat: { cache: { enabled: true, semantic: { embedder: 'chat' } }, targets: [] },
      other: { cache: { enabled: true, semantic: { embedder: 'nope' } }, targets: [] },
    };
    expect(checkCache(models)).toEqual([
      {
        path: ['models', 'chat', 'cache', 'semantic', 'embedder'],
        message: '"chat" is not an embeddings model of this config (embeddings models: embed)',
      },
      {
        path: ['models', 'other', 'cache', 'semantic', 'embedder'],
        message: '"nope" is not an embeddings model of this config (embeddings models: embed)',
      },
    ]);
    expect(checkCache({ chat: models.chat })[0]?.message).toMatch(
      /it has none: add one with kind: embeddings/,
    );
  });

  it('refuses a cache on an embeddings model', () => {
    expect(checkCache({ embed: { ...embeddings, cache: { enabled: true } } })).toEqual([
      { path: ['models', 'embed', 'cache', 'enabled'], message: 'the cache serves chat models only' },
    ]);
  });
});
