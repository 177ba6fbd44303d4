// Hostile and malformed files: syntax errors, alias bombs, prototype keys, header injection.
import { describe, it, expect } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';

function problemsOf(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(text, 'switchyard.yaml', env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  throw new Error('expected the config to be rejected');
}

describe('parseConfig hostile input', () => {
  it('reports YAML syntax errors and duplicate keys with their line', () => {
    expect(problemsOf('server:\n  port: 1\n  port: 2\n')).toEqual([
      'switchyard.yaml:3: invalid YAML: Map keys must be unique',
    ]);
    expect(problemsOf('a: [1, 2\nb: 3\n')[0]).toMatch(/^switchyard\.yaml:2: invalid YAML: /);
  });

  it('refuses a file that is a list, a scalar or several documents', () => {
    expect(problemsOf('- a\n- b\n')).toEqual([
      'switchyard.yaml:1: expected a mapping of sections (server:, providers:, models:, ...)',
    ]);
    expect(problemsOf('just text')).toEqual([
      'switchyard.yaml:1: expected a mapping of sections (server:, providers:, models:, ...)',
    ]);
    expect(problemsOf('a: 1\n---\nb: 2\n')).toEqual([
      "switchyard.yaml:2: a config file holds one YAML document: remove the extra '---'",
    ]);
  });

  it('stops an alias expansion bomb', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    expect(problemsOf(bomb)[0]).toMatch(/^switchyard\.yaml: unreadable YAML: .*alias/i);
  });

  it('keeps __proto__ keys as data: reported, never a prototype', () => {
    expect(problemsOf('__proto__: { polluted: true }\n')).toEqual([
      'switchyard.yaml:1: unknown key "__proto__" (allowed: server, auth, storage, outbound, defaults, providers, models, catalog, records, telemetry, cache, guardrails)',
    ]);
    expect(problemsOf('providers:\n  __proto__: { type: openai }\n')[0]).toContain(
      'providers.__proto__: a provider name uses',
    );
    expect(
      problemsOf(
        'providers: { p: { type: openai } }\nmodels:\n  __proto__: { targets: [{ provider: p }] }\n',
      ),
    ).toEqual(['switchyard.yaml:3: models.__proto__: this name is reserved']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects header names and values that cannot be sent', () => {
    expect(
      problemsOf('providers:\n  p: { type: openai, headers: { "Bad Name": x, Ok: "a\\r\\nInjected: 1" } }\n'),
    ).toEqual([
      'switchyard.yaml:2: providers.p.headers["Bad Name"]: invalid key: not a valid HTTP header name',
      'switchyard.yaml:2: providers.p.headers.Ok: a header value cannot contain line breaks',
    ]);
  });

  it('describes binary and date values without dumping them', () => {
    expect(problemsOf('server:\n  host: !!binary aGVsbG8=\n')).toEqual([
      'switchyard.yaml:2: server.host: expected a string, got binary data',
    ]);
  });
});
