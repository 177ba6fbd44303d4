import { describe, it, expect } from 'vitest';
import { interpolateEnv, interpolateString } from './interpolate-env.js';

describe('interpolateString', () => {
  const env = { NAME: 'value', EMPTY: '' };

  it('replaces references anywhere in a string, several per string', () => {
    expect(interpolateString('a-${NAME}-b-${NAME}', env)).toEqual({ text: 'a-value-b-value', errors: [] });
  });

  it('uses the default when the variable is unset or empty, as the shell does', () => {
    expect(interpolateString('${MISSING:-x}|${EMPTY:-y}|${NAME:-z}', env).text).toBe('x|y|value');
    expect(interpolateString('${MISSING:-}', env)).toEqual({ text: '', errors: [] });
  });

  it('accepts a set but empty variable without a default', () => {
    expect(interpolateString('[${EMPTY}]', env)).toEqual({ text: '[]', errors: [] });
  });

  it('keeps colons and dashes inside a default', () => {
    expect(interpolateString('${MISSING:-http://h:1/a-b}', env).text).toBe('http://h:1/a-b');
  });

  it('writes $${ as a literal ${ and leaves a lone $ alone', () => {
    expect(interpolateString('$${NAME} costs $5 and $${', env)).toEqual({
      text: '${NAME} costs $5 and ${',
      errors: [],
    });
  });

  it('reports each unset variable, malformed reference and unterminated reference', () => {
    expect(interpolateString('${A}${B}', env).errors).toEqual([
      'environment variable A is not set (use ${A:-default} to give a default)',
      'environment variable B is not set (use ${B:-default} to give a default)',
    ]);
    expect(interpolateString('${1BAD}', env).errors).toEqual([
      '"${1BAD}" is not a variable reference (use ${NAME} or ${NAME:-default})',
    ]);
    expect(interpolateString('${NAME-x}', env).errors).toHaveLength(1);
    expect(interpolateString('tail ${NAME', env).errors).toEqual([
      'unterminated "${" (write "$${" for a literal "${")',
    ]);
  });

  it('does not interpolate the value it substituted', () => {
    expect(interpolateString('${SECRET}', { SECRET: 'p${NAME}$${' }).text).toBe('p${NAME}$${');
  });
});

describe('interpolateEnv', () => {
  it('walks nested data, leaves keys and non-strings alone and reports paths', () => {
    const result = interpolateEnv(
      { '${KEY}': { list: ['${NAME}', 3, true, null, '${NOPE}'] } },
      { NAME: 'n' },
    );
    expect(result.value).toEqual({ '${KEY}': { list: ['n', 3, true, null, ''] } });
    expect(result.problems).toEqual([
      {
        path: ['${KEY}', 'list', 4],
        message: 'environment variable NOPE is not set (use ${NOPE:-default} to give a default)',
      },
    ]);
  });

  it('does not change its input', () => {
    const input = { a: '${NAME}' };
    interpolateEnv(input, { NAME: 'x' });
    expect(input).toEqual({ a: '${NAME}' });
  });
});
