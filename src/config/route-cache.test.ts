import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.js';
import { resolveModel } from './resolve-model.js';

/** The route digest of `chat` (a fixed model) and `gpt-*` (derived) under a `catalog:` section. */
function digests(catalog: string): { fixed: string; derived: string } {
  const config = parseConfig(
    `
providers:
  openai: { type: openai, apiKey: sk-a }
models:
  chat: { cache: { enabled: true }, targets: [{ provider: openai, model: gpt-4o }] }
  "gpt-*": { cache: { enabled: true }, targets: [{ provider: openai, model: '*' }] }
${catalog}
`,
    'x.yaml',
    {},
  );
  const digestOf = (name: string): string => resolveModel(config, name, 'chat')!.cache!.routeDigest;
  return { fixed: digestOf('chat'), derived: digestOf('gpt-4o') };
}

describe('routeCache', () => {
  const shipped = digests('');

  it.each([
    ['a lower output limit', 'catalog: { models: { gpt-4o: { maxOutputTokens: 1000 } } }'],
    ['a dropped parameter', 'catalog: { models: { gpt-4o: { rewrites: { drop: [temperature] } } } }'],
    [
      'a renamed parameter',
      'catalog: { models: { gpt-4o: { rewrites: { rename: { max_tokens: max_completion_tokens } } } } }',
    ],
    ['a capability', 'catalog: { models: { gpt-4o: { capabilities: { tools: false } } } }'],
    ['a context window', 'catalog: { models: { gpt-4o: { contextWindow: 64000 } } }'],
  ])('changes the digest of fixed and derived targets for %s', (_, catalog) => {
    const changed = digests(catalog);
    expect(changed.fixed).not.toBe(shipped.fixed);
    expect(changed.derived).not.toBe(shipped.derived);
  });

  it('keeps the digest when only prices or the source page change', () => {
    const repriced = digests(
      'catalog: { models: { gpt-4o: { prices: { input: 1, output: 2 }, source: "https://example.com/p" } } }',
    );
    expect(repriced).toEqual(shipped);
  });

  it("keeps a fixed target's digest when another model is overridden, but not a derived one's", () => {
    const other = digests('catalog: { models: { gpt-4o-mini: { maxOutputTokens: 1000 } } }');
    expect(other.fixed).toBe(shipped.fixed);
    expect(other.derived).not.toBe(shipped.derived);
  });

  it("changes the digest when an added model takes over the fixed target's upstream name", () => {
    const taken = digests(
      'catalog: { models: { my-gpt: { providers: { openai: [gpt-4o] }, rewrites: { drop: [seed] } } } }',
    );
    expect(taken.fixed).not.toBe(shipped.fixed);
  });
});
