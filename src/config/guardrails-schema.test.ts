import { describe, expect, it } from 'vitest';
import { guardrailsSchema } from './guardrails-schema.js';

const messages = (value: unknown) =>
  guardrailsSchema
    .safeParse(value)
    .error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

describe('guardrailsSchema', () => {
  it('takes pii and injection checks with their actions, with defaults', () => {
    const parsed = guardrailsSchema.parse({
      input: [
        { check: 'pii', action: 'redact', types: ['email'] },
        { check: 'injection', action: 'block' },
      ],
      output: [{ check: 'pii', action: 'mask' }],
    });
    expect(parsed.input[1]).toEqual({ check: 'injection', action: 'block', minimumConfidence: 0.5 });
    expect(parsed.output).toHaveLength(1);
  });

  it('refuses what makes no sense, saying where', () => {
    expect(messages({ input: [{ check: 'injection', action: 'redact' }] })).toEqual([
      'input.0.action: an injection check can block, flag or log: there is nothing to redact or mask',
    ]);
    expect(messages({ input: [{ check: 'injection', action: 'log', types: ['email'] }] })).toEqual([
      'input.0.types: types apply to pii checks only',
    ]);
    expect(messages({ output: [{ check: 'pii', action: 'redact' }] })[0]).toMatch(/^output\.0\.action/);
    expect(messages({ output: [{ check: 'injection', action: 'block' }] })[0]).toMatch(/^output\.0\.check/);
    expect(messages({ input: [{ check: 'pii', action: 'mask', types: ['passport'] }] })[0]).toMatch(
      /^input\.0\.types\.0/,
    );
    expect(messages({ input: [{ check: 'webhook', action: 'block' }] })).toEqual([
      'input.0.url: a webhook check needs url',
    ]);
    expect(
      messages({ input: [{ check: 'azure-prompt-shields', action: 'log', url: 'https://x.example' }] }),
    ).toEqual(['input.0.apiKey: a azure-prompt-shields check needs apiKey']);
    expect(messages({ input: [{ check: 'lakera', action: 'redact', apiKey: 'k' }] })[0]).toMatch(
      /^input\.0\.action/,
    );
    expect(messages({ output: [{ check: 'pii', action: 'retry' }] })).toEqual([
      'output.0.action: retry applies to json-schema checks only',
    ]);
    expect(messages({ output: [{ check: 'json-schema', action: 'block', attempts: 2 }] })).toEqual([
      'output.0.attempts: attempts apply to json-schema checks that retry',
    ]);
  });

  it('takes phrases and length checks with what they need, and nothing they do not', () => {
    expect(
      messages({
        output: [
          { check: 'phrases', action: 'mask', phrases: ['Project Atlas'] },
          { check: 'length', action: 'block', maxCharacters: '2000' },
        ],
      }),
    ).toEqual([]);
    expect(messages({ output: [{ check: 'phrases', action: 'block' }] })).toEqual([
      'output.0.phrases: a phrases check needs phrases',
    ]);
    expect(messages({ output: [{ check: 'length', action: 'flag' }] })).toEqual([
      'output.0.maxCharacters: a length check needs maxCharacters',
    ]);
    expect(
      messages({ output: [{ check: 'pii', action: 'mask', maxCharacters: 5, phrases: ['x'] }] }),
    ).toEqual([
      'output.0.phrases: phrases applies to phrases checks only',
      'output.0.maxCharacters: maxCharacters applies to length checks only',
    ]);
    expect(messages({ output: [{ check: 'length', action: 'mask', maxCharacters: 5 }] })).toEqual([
      'output.0.action: a length check can block, hold, flag or log',
    ]);
    expect(messages({ output: [{ check: 'phrases', action: 'log', phrases: ['x'.repeat(65)] }] })[0]).toMatch(
      /^output\.0\.phrases\.0: /,
    );
    expect(
      messages({
        output: [{ check: 'phrases', action: 'log', phrases: Array.from({ length: 101 }, String) }],
      })[0],
    ).toMatch(/^output\.0\.phrases: /);
    expect(messages({ output: [{ check: 'phrases', action: 'log', phrases: ['  '] }] })[0]).toMatch(
      /^output\.0\.phrases\.0: /,
    );
  });

  it('takes sources on input checks, not on output checks', () => {
    expect(messages({ input: [{ check: 'pii', action: 'redact', sources: ['tool', 'user'] }] })).toEqual([]);
    expect(
      messages({ input: [{ check: 'lakera', action: 'block', apiKey: 'k', sources: ['user'] }] }),
    ).toEqual([]);
    expect(messages({ input: [{ check: 'pii', action: 'log', sources: [] }] })[0]).toMatch(
      /^input\.0\.sources/,
    );
    expect(messages({ input: [{ check: 'pii', action: 'log', sources: ['documents'] }] })[0]).toMatch(
      /^input\.0\.sources\.0/,
    );
    expect(messages({ output: [{ check: 'pii', action: 'mask', sources: ['user'] }] })[0]).toMatch(/sources/);
  });
});
