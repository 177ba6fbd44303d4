import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { catalogOverridesSchema } from './catalog-overrides.js';
import { candidateNames } from './candidate-names.js';
import { catalogFor, ModelCatalog, shippedCatalog } from './model-catalog.js';

describe('lookup by provider type and upstream model id', () => {
  it('finds a model by its exact upstream name, id or alias', () => {
    expect(shippedCatalog.lookup('openai', 'gpt-4o-mini')?.id).toBe('gpt-4o-mini');
    expect(shippedCatalog.lookup('anthropic', 'claude-3-5-haiku-20241022')?.id).toBe('claude-3-5-haiku');
    expect(shippedCatalog.lookup('anthropic', 'claude-sonnet-4-5')?.id).toBe('claude-sonnet-4-5');
    expect(shippedCatalog.lookup('openai', 'chatgpt-4o-latest')?.id).toBe('gpt-4o');
  });

  it('tolerates dated snapshots unless the snapshot has an entry of its own', () => {
    expect(shippedCatalog.lookup('openai', 'gpt-4o-2024-08-06')?.id).toBe('gpt-4o');
    expect(shippedCatalog.lookup('openai', 'gpt-4o-2099-01-01')?.id).toBe('gpt-4o');
    expect(shippedCatalog.lookup('openai', 'gpt-4o-mini-2099-01-01')?.id).toBe('gpt-4o-mini');
    expect(shippedCatalog.lookup('openai', 'o3-mini-2099-01-31')?.id).toBe('o3-mini');
    // The launch snapshot is priced differently and has its own entry.
    expect(shippedCatalog.lookup('openai', 'gpt-4o-2024-05-13')?.id).toBe('gpt-4o-2024-05-13');
    expect(shippedCatalog.lookup('anthropic', 'claude-sonnet-4-20990101')?.id).toBe('claude-sonnet-4');
    expect(shippedCatalog.lookup('mistral', 'mistral-large-2512')?.id).toBe('mistral-large');
    expect(shippedCatalog.lookup('gemini', 'gemini-2.5-flash-preview-05-20')?.id).toBe('gemini-2.5-flash');
    expect(shippedCatalog.lookup('gemini', 'gemini-2.0-flash-002')?.id).toBe('gemini-2.0-flash');
  });

  it('knows the Bedrock and Vertex ids of the Claude models, with cross-region prefixes', () => {
    const bedrock = 'anthropic.claude-sonnet-4-20250514-v1:0';
    expect(shippedCatalog.lookup('bedrock-anthropic', bedrock)?.id).toBe('claude-sonnet-4');
    expect(shippedCatalog.lookup('bedrock', bedrock)?.id).toBe('claude-sonnet-4');
    expect(shippedCatalog.lookup('bedrock', `us.${bedrock}`)?.id).toBe('claude-sonnet-4');
    expect(shippedCatalog.lookup('bedrock', `global.${bedrock}`)?.id).toBe('claude-sonnet-4');
    expect(shippedCatalog.lookup('bedrock', 'us.amazon.nova-pro-v1:0')?.id).toBe('amazon-nova-pro');
    expect(shippedCatalog.lookup('vertex-anthropic', 'claude-sonnet-4@20250514')?.id).toBe('claude-sonnet-4');
    expect(shippedCatalog.lookup('vertex-anthropic', 'claude-3-5-sonnet-v2@20241022')?.id).toBe(
      'claude-3-5-sonnet',
    );
  });

  it('matches names only for the provider types that serve them; Azure shares OpenAI names', () => {
    expect(shippedCatalog.lookup('mistral', 'gpt-4o')).toBeUndefined();
    expect(shippedCatalog.lookup('openai-compatible', 'gpt-4o')).toBeUndefined();
    expect(shippedCatalog.lookup('anthropic', 'anthropic.claude-sonnet-4-20250514-v1:0')).toBeUndefined();
    expect(shippedCatalog.lookup('azure-openai', 'gpt-4.1-mini')?.id).toBe('gpt-4.1-mini');
    expect(shippedCatalog.lookup('openai', 'my-own-model')).toBeUndefined();
    expect(shippedCatalog.lookup('openai', '')).toBeUndefined();
  });

  it('exposes the context window for context-length routing', () => {
    expect(shippedCatalog.contextWindow('gemini', 'gemini-2.5-pro')).toBe(1_048_576);
    expect(shippedCatalog.contextWindow('openai', 'unknown-model')).toBeUndefined();
  });

  it('bounds its cache of misses for client-chosen names', () => {
    const catalog = new ModelCatalog([]);
    for (let index = 0; index < 5_000; index++) catalog.lookup('openai', `hostile-${index}`);
    expect((catalog as unknown as { cache: Map<string, unknown> }).cache.size).toBeLessThanOrEqual(1_000);
  });
});

describe('candidateNames', () => {
  it('strips one prefix and one suffix, never to an empty name', () => {
    expect(candidateNames('us.anthropic.claude-3-5-haiku-20241022-v1:0')).toEqual([
      'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      'anthropic.claude-3-5-haiku-20241022-v1:0',
    ]);
    expect(candidateNames('claude-opus-4@20250514')).toEqual(['claude-opus-4@20250514', 'claude-opus-4']);
    expect(candidateNames('-latest')).toEqual(['-latest']);
  });
});

describe('config overrides', () => {
  const parse = (value: unknown) => catalogOverridesSchema.parse(value);

  it('changes one price of a shipped model and keeps the others', () => {
    const catalog = catalogFor(parse({ models: { 'gpt-4o': { prices: { input: 2 } } } }));
    expect(catalog.lookup('openai', 'gpt-4o')?.prices).toEqual({ input: 2, cachedInput: 1.25, output: 10 });
    expect(shippedCatalog.lookup('openai', 'gpt-4o')?.prices?.input).toBe(2.5);
  });

  it('adds a model served by an openai-compatible server', () => {
    const catalog = catalogFor(
      parse({
        models: {
          'llama-3.3-70b': {
            providers: { 'openai-compatible': ['llama-3.3-70b-versatile'] },
            contextWindow: 131_072,
            maxOutputTokens: 32_768,
            prices: { input: 0.59, output: 0.79 },
          },
        },
      }),
    );
    expect(catalog.lookup('openai-compatible', 'llama-3.3-70b-versatile')).toMatchObject({
      id: 'llama-3.3-70b',
      maxOutputTokens: 32_768,
    });
    expect(catalog.entries.at(-1)?.id).toBe('llama-3.3-70b');
  });

  it('uses the shipped catalog itself when there is nothing to override', () => {
    expect(catalogFor(parse({}))).toBe(shippedCatalog);
    expect(catalogFor(undefined)).toBe(shippedCatalog);
  });

  it('rejects a new model without providers, bad prices and inconsistent limits', () => {
    const result = catalogOverridesSchema.safeParse({
      models: {
        'my-model': { contextWindow: 1000 },
        'gpt-4o': { maxOutputTokens: 999_999 },
        'claude-sonnet-4': { prices: { input: -1 } },
        'gemini-2.5-flash': { prices: { longContext: { threshold: 2_000_000, input: 1 } } },
      },
    });
    const issues = result.error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(issues).toEqual([
      ['models.claude-sonnet-4.prices.input', expect.any(String)],
      ['models.my-model.providers', expect.stringContaining('needs providers')],
      ['models.gpt-4o.maxOutputTokens', 'must not exceed contextWindow (128000)'],
      [
        'models.gemini-2.5-flash.prices.longContext.threshold',
        'must be below contextWindow (1048576), or the tier never applies',
      ],
    ]);
  });

  it('rejects ids that could not travel in a header, and unknown provider types', () => {
    const result = catalogOverridesSchema.safeParse({
      models: { 'bad id,': { providers: { openai: ['x'] } }, o3: { providers: { nowhere: ['o3'] } } },
    });
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(['models.bad id,', 'models.o3.providers']);
  });
});

describe('the catalog: section of the config file', () => {
  it('reports problems with the file line and a readable message', () => {
    const yaml = [
      'catalog:',
      '  models:',
      '    gpt-4o:',
      '      prices: { input: cheap }',
      '    my-model:',
      '      contextWindow: 1000',
      '',
    ].join('\n');
    expect(() => parseConfig(yaml, 'test.yaml', {})).toThrow(
      /test\.yaml:4: catalog\.models\.gpt-4o\.prices\.input: expected a number, got "cheap"/,
    );
    const added = 'catalog:\n  models:\n    my-model:\n      contextWindow: 1000\n';
    expect(() => parseConfig(added, 'test.yaml', {})).toThrow(
      'test.yaml:3: catalog.models.my-model.providers: "my-model" is not in the shipped catalog, so it needs providers',
    );
  });

  it('is optional, and routes use the overridden entry', async () => {
    const { resolveModel } = await import('../config/resolve-model.js');
    const config = parseConfig(
      [
        'providers: { local: { type: openai-compatible, baseUrl: "http://127.0.0.1:1/v1" } }',
        'models: { llama: { targets: [{ provider: local, model: llama-3.3-70b }] } }',
        'catalog:',
        '  models:',
        '    llama-3.3-70b: { providers: { openai-compatible: [llama-3.3-70b] }, maxOutputTokens: 8192 }',
      ].join('\n'),
      'test.yaml',
      {},
    );
    const target = resolveModel(config, 'llama', 'chat')?.targets[0];
    expect(target?.catalogEntry?.id).toBe('llama-3.3-70b');
    expect(target?.rules?.maxOutputTokens).toBe(8192);
    expect(parseConfig('', 'empty.yaml', {}).catalog).toEqual({ models: {} });
  });
});
