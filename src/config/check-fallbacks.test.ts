import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';

function problemsOf(models: string): string[] {
  try {
    parseConfig(
      `providers:\n  east: { type: openai, apiKey: sk-east }\nmodels:\n${models}`,
      'switchyard.yaml',
      {},
    );
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  return [];
}

describe('fallback rules', () => {
  it('accepts a chain to aliases and patterns of the same kind, with conditions', () => {
    expect(
      problemsOf(`  a: { targets: [{ provider: east }], fallbacks: [{ model: b }, { model: "gpt-4.1", on: [context_length] }] }
  b: { targets: [{ provider: east }], fallbacks: [{ model: "gpt-4.1" }] }
  "gpt-*": { targets: [{ provider: east }] }
`),
    ).toEqual([]);
  });

  it('rejects an unknown model, itself, another kind and an unknown condition', () => {
    expect(
      problemsOf(`  a:
    targets: [{ provider: east }]
    fallbacks: [{ model: nope }, { model: a }, { model: vectors }, { model: b, on: [sometimes] }]
  b: { targets: [{ provider: east }] }
  vectors: { kind: embeddings, targets: [{ provider: east }] }
`),
    ).toEqual([
      expect.stringMatching(/models\.a\.fallbacks\[3\]\.on\[0\]: .*rate_limited/),
      'switchyard.yaml:6: models.a.fallbacks[0].model: no model "nope" in models:',
      'switchyard.yaml:6: models.a.fallbacks[1].model: a model cannot fall back to itself',
      'switchyard.yaml:6: models.a.fallbacks[2].model: "vectors" is a embeddings model; this one is chat',
    ]);
  });

  it('rejects a cycle once, naming it', () => {
    expect(
      problemsOf(`  a: { targets: [{ provider: east }], fallbacks: [{ model: b }] }
  b: { targets: [{ provider: east }], fallbacks: [{ model: c }] }
  c: { targets: [{ provider: east }], fallbacks: [{ model: a }] }
  d: { targets: [{ provider: east }], fallbacks: [{ model: a }] }
`),
    ).toEqual(['switchyard.yaml:4: models.a.fallbacks: fallback cycle: a -> b -> c -> a']);
  });

  it('takes longerContext in place of a model, never both or neither', () => {
    expect(
      problemsOf(`  a: { targets: [{ provider: east }], fallbacks: [{ longerContext: true }] }\n`),
    ).toEqual([]);
    expect(
      problemsOf(`  a: { targets: [{ provider: east }], fallbacks: [{ longerContext: true, model: b }, { on: [timeout] }] }
  b: { targets: [{ provider: east }] }
`),
    ).toEqual([
      'switchyard.yaml:4: models.a.fallbacks[0]: a fallback names a `model`, or says `longerContext: true`: one of the two',
      'switchyard.yaml:4: models.a.fallbacks[1]: a fallback names a `model`, or says `longerContext: true`: one of the two',
    ]);
  });
});
