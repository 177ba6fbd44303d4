// Every example file and every YAML block in the configuration docs must validate, so the docs
// cannot drift from the schema.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { parseConfig } from './parse-config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const examplesDirectory = path.join(root, 'examples');

/** Every variable the text references without a default (or names as a secretEnv), set to a placeholder of a fitting shape. */
function placeholderEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    const name = match[1] ?? '';
    env[name] = placeholderFor(name);
  }
  // A hold's signing secret is named, not interpolated: it must be set for the load to pass.
  for (const match of text.matchAll(/secretEnv:\s*'?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = match[1] ?? '';
    env[name] = placeholderFor(name);
  }
  return env;
}

function placeholderFor(name: string): string {
  if (/DATABASE|POSTGRES/.test(name)) return 'postgres://switchyard@127.0.0.1:5432/switchyard';
  if (/REDIS/.test(name)) return 'redis://127.0.0.1:6379';
  if (/_URL$/.test(name)) return 'http://127.0.0.1:1/v1';
  if (/PORT$/.test(name)) return '8787';
  return `placeholder-${name.toLowerCase()}`;
}

const exampleFiles = readdirSync(examplesDirectory).filter((name) => /\.ya?ml$/.test(name));

describe('examples/', () => {
  it('holds the example configs', () => {
    expect(exampleFiles).toEqual(expect.arrayContaining(['switchyard.yaml', 'cluster.yaml']));
  });

  it.each(exampleFiles)('%s validates', (name) => {
    const text = readFileSync(path.join(examplesDirectory, name), 'utf8');
    const config = parseConfig(text, name, placeholderEnv(text));
    expect(Object.keys(config.models).length).toBeGreaterThan(0);
  });
});

describe('docs/configuration.md', () => {
  const markdown = readFileSync(path.join(root, 'docs', 'configuration.md'), 'utf8');
  const blocks = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

  it('has YAML examples', () => {
    expect(blocks.length).toBeGreaterThan(5);
  });

  it.each(blocks.map((block, index) => [index + 1, block] as const))(
    'YAML block %i validates',
    (_index, block) => {
      expect(() => parseConfig(block, 'configuration.md', placeholderEnv(block))).not.toThrow();
    },
  );
});

describe.each(['records.md', 'caching.md', 'guardrails.md'])('docs/%s', (name) => {
  const markdown = readFileSync(path.join(root, 'docs', name), 'utf8');
  const blocks = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

  it.each(blocks.map((block, index) => [index + 1, block] as const))(
    'YAML block %i validates',
    (_index, block) => {
      expect(() => parseConfig(block, name, placeholderEnv(block))).not.toThrow();
    },
  );
});
