import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/parse-config.js';
import { localChecksIn, warmLocalChecks } from './warm-checks.js';

const base = {
  providers: { openai: { type: 'openai', apiKey: 'sk-test' } },
};

describe('localChecksIn', () => {
  it('finds the local checks of routes, teams and keys, input and output', () => {
    const config = validateConfig(
      {
        ...base,
        models: {
          plain: { targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] },
          guarded: {
            targets: [{ provider: 'openai', model: 'gpt-4o-mini' }],
            guardrails: { output: [{ check: 'pii', action: 'mask' }] },
          },
        },
        guardrails: { keys: { k1: { input: [{ check: 'injection', action: 'block' }] } } },
      },
      'test.yaml',
    );
    expect([...localChecksIn(config)].sort()).toEqual(['injection', 'pii']);
  });

  it('finds none in a config without guardrails, and warming it does nothing', () => {
    const config = validateConfig(
      {
        ...base,
        models: { plain: { targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] } },
      },
      'test.yaml',
    );
    expect(localChecksIn(config).size).toBe(0);
    expect(() => warmLocalChecks(config)).not.toThrow();
  });
});
