import { describe, it, expect } from 'vitest';
import { parseConfig } from './parse-config.js';
import { describeModel, listModels, resolveModel, servedNames } from './resolve-model.js';

const config = parseConfig(
  `
defaults:
  timeouts: { connectMs: 1000, firstTokenMs: 2000, idleMs: 3000, totalMs: 4000 }
providers:
  openai: { type: openai, apiKey: sk-a }
  azure: { type: openai-compatible, baseUrl: "https://azure.example/v1", headers: { api-key: k } }
  groq: { type: openai-compatible, baseUrl: "https://api.groq.com/openai/v1", server: groq }
  anthropic: { type: anthropic, apiKey: sk-b }
models:
  gpt-4o:
    timeouts: { firstTokenMs: 20000 }
    circuitBreaker: { consecutiveFailures: 2 }
    ownedBy: acme
    targets:
      - { provider: openai, model: gpt-4o-2024-08-06, timeouts: { idleMs: 30000 } }
      - { provider: azure, model: '*' }
  "groq/*": { targets: [{ provider: groq, model: '*' }] }
  "groq/llama-*": { targets: [{ provider: groq, model: llama-3.3-70b-versatile }] }
  "claude-*": { targets: [{ provider: anthropic, model: '*' }], circuitBreaker: { enabled: false } }
  "*": { targets: [{ provider: openai, model: gpt-4o-mini }] }
  text-embedding-3-small: { kind: embeddings, targets: [{ provider: openai, model: '*' }] }
  "text-embedding-*": { kind: embeddings, targets: [{ provider: openai, model: '*' }] }
`,
  'x.yaml',
  {},
);

describe('resolveModel', () => {
  it('resolves an exact alias to every target in order, with merged timeouts and provider settings', () => {
    const resolved = resolveModel(config, 'gpt-4o', 'chat');
    expect(resolved?.alias).toBe('gpt-4o');
    expect(resolved?.targets.map((target) => [target.settings.name, target.upstreamModel])).toEqual([
      ['openai', 'gpt-4o-2024-08-06'],
      ['azure', 'gpt-4o'],
    ]);
    expect(resolved?.targets[0]?.timeouts).toEqual({
      connectMs: 1000,
      firstTokenMs: 20_000,
      idleMs: 30_000,
      totalMs: 4000,
    });
    expect(resolved?.targets[1]?.timeouts).toEqual({
      connectMs: 1000,
      firstTokenMs: 20_000,
      idleMs: 3000,
      totalMs: 4000,
    });
    expect(resolved?.targets[1]?.settings).toEqual({
      name: 'azure',
      type: 'openai-compatible',
      baseUrl: 'https://azure.example/v1',
      apiKeys: [],
      headers: { 'api-key': 'k' },
      // defaults.maxTokens rides along for adapters whose API requires max_tokens.
      defaultMaxTokens: 4096,
    });
  });

  it("strips the literal prefix of a '/*' pattern and keeps the whole name for other patterns", () => {
    expect(resolveModel(config, 'groq/mixtral-8x7b', 'chat')?.targets[0]?.upstreamModel).toBe('mixtral-8x7b');
    expect(resolveModel(config, 'groq/org/model', 'chat')?.targets[0]?.upstreamModel).toBe('org/model');
    expect(resolveModel(config, 'claude-sonnet-4-5', 'chat')?.targets[0]?.upstreamModel).toBe(
      'claude-sonnet-4-5',
    );
  });

  it('prefers an exact alias, then the longest matching pattern, then the catch-all', () => {
    expect(resolveModel(config, 'groq/llama-3', 'chat')?.alias).toBe('groq/llama-*');
    expect(resolveModel(config, 'groq/llama-3', 'chat')?.targets[0]?.upstreamModel).toBe(
      'llama-3.3-70b-versatile',
    );
    expect(resolveModel(config, 'groq/gemma', 'chat')?.alias).toBe('groq/*');
    expect(resolveModel(config, 'mystery', 'chat')?.alias).toBe('*');
    expect(resolveModel(config, 'mystery', 'chat')?.targets[0]?.upstreamModel).toBe('gpt-4o-mini');
  });

  it('needs at least one character where the * stands', () => {
    expect(resolveModel(config, 'groq/', 'chat')?.alias).toBe('*');
    expect(resolveModel(config, 'text-embedding-', 'embeddings')).toBeUndefined();
  });

  it('keeps chat and embeddings apart', () => {
    expect(resolveModel(config, 'text-embedding-3-small', 'embeddings')?.alias).toBe(
      'text-embedding-3-small',
    );
    expect(resolveModel(config, 'text-embedding-3-large', 'embeddings')?.alias).toBe('text-embedding-*');
    expect(resolveModel(config, 'gpt-4o', 'embeddings')).toBeUndefined();
    // A chat request for an embeddings alias falls through to the chat catch-all, not the embeddings entry.
    expect(resolveModel(config, 'text-embedding-3-small', 'chat')?.alias).toBe('*');
  });

  it('returns undefined when nothing matches, and for an empty config', () => {
    const empty = parseConfig('', 'x', {});
    expect(resolveModel(empty, 'gpt-4o', 'chat')).toBeUndefined();
    expect(resolveModel(config, '', 'embeddings')).toBeUndefined();
  });

  it('does not let a caller corrupt the shared lookup tables', () => {
    const first = resolveModel(config, 'gpt-4o', 'chat');
    first?.targets.pop();
    expect(resolveModel(config, 'gpt-4o', 'chat')?.targets).toHaveLength(2);
    expect(() => {
      (first?.targets[0]?.timeouts as { idleMs: number }).idleMs = 1;
    }).toThrow(TypeError);
  });
});

describe('describeModel', () => {
  it('describes an alias, a name a pattern serves, and an embeddings model; nothing else', () => {
    expect(describeModel(config, 'gpt-4o')).toEqual({ id: 'gpt-4o', kind: 'chat', ownedBy: 'acme' });
    expect(describeModel(config, 'groq/llama-3.1-8b')).toEqual({
      id: 'groq/llama-3.1-8b',
      kind: 'chat',
      ownedBy: 'groq',
    });
    // Served by the chat catch-all and by an embeddings pattern: the more specific one tells.
    expect(describeModel(config, 'text-embedding-3-large')?.kind).toBe('embeddings');
    expect(describeModel(config, 'groq/*')).toEqual({ id: 'groq/*', kind: 'chat', ownedBy: 'groq' });
    expect(describeModel(config, 'text-embedding-3-small')?.kind).toBe('embeddings');
    const narrow = parseConfig(
      'providers:\n  openai: { type: openai, apiKey: sk-a }\nmodels:\n  "groq/*": { targets: [{ provider: openai, model: "*" }] }\n',
      'y.yaml',
      {},
    );
    expect(describeModel(narrow, 'groq/')).toBeUndefined();
    expect(describeModel(narrow, 'gpt-4o')).toBeUndefined();
  });
});

describe('resolveModel: request bounds and breakers', () => {
  it("gives the route the model's timeouts without any target's overrides (its totalMs bounds the request)", () => {
    const resolved = resolveModel(config, 'gpt-4o', 'chat');
    expect(resolved?.timeouts).toEqual({ connectMs: 1000, firstTokenMs: 20000, idleMs: 3000, totalMs: 4000 });
    expect(resolved?.targets[0]?.timeouts.idleMs).toBe(30000);
  });

  it("merges a model's breaker overrides over the defaults, and leaves none when it turns them off", () => {
    const merged = resolveModel(config, 'gpt-4o', 'chat')?.targets[0]?.breaker;
    expect(merged).toEqual({ ...config.defaults.circuitBreaker, enabled: undefined, consecutiveFailures: 2 });
    expect(merged).not.toHaveProperty('enabled');
    expect(resolveModel(config, 'groq/llama-3', 'chat')?.targets[0]?.breaker?.consecutiveFailures).toBe(5);
    expect(resolveModel(config, 'claude-3-opus', 'chat')?.targets[0]?.breaker).toBeUndefined();
  });

  it('shares one settings object across requests, so a breaker is reconfigured only on reload', () => {
    const first = resolveModel(config, 'claude-x', 'chat');
    const again = resolveModel(config, 'gpt-4o', 'chat')?.targets[0]?.breaker;
    expect(resolveModel(config, 'gpt-4o', 'chat')?.targets[0]?.breaker).toBe(again);
    expect(first?.targets[0]?.breaker).toBeUndefined();
  });
});

describe('listModels', () => {
  it('lists concrete aliases with kind and owner, never patterns', () => {
    expect(listModels(config)).toEqual([
      { id: 'gpt-4o', kind: 'chat', ownedBy: 'acme' },
      { id: 'text-embedding-3-small', kind: 'embeddings', ownedBy: 'openai' },
    ]);
  });

  it('names every alias and pattern of a kind for not-found messages', () => {
    expect(servedNames(config, 'embeddings')).toEqual(['text-embedding-3-small', 'text-embedding-*']);
    expect(servedNames(parseConfig('', 'x', {}), 'chat')).toEqual([]);
  });
});
