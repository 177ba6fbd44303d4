import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogVersion, shippedModels } from '../../catalog/index.js';
import { testContext } from '../__fixtures__/test-context.js';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'switchyard-models-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('switchyard models', () => {
  it('lists the shipped catalog as a table', async () => {
    const result = await testContext({ cwd: directory }).run('models');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`model catalog ${catalogVersion} (shipped)`);
    expect(lines[1]).toMatch(
      /^model\s+kind\s+context\s+max out\s+\$in\/M\s+\$out\/M\s+\$cached\/M\s+provider types$/,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^gpt-4o\s+chat\s+128000\s+16384\s+2\.5\s+10\s+1\.25\s+openai$/),
    );
    // Unknown prices show as '?', never as 0.
    expect(lines).toContainEqual(
      expect.stringMatching(/^mistral-small\s+chat\s+131072\s+-\s+\?\s+\?\s+\?\s+mistral$/),
    );
    expect(lines.length).toBe(shippedModels.length + 3);
  });

  it('filters by provider type and shows that type’s upstream ids', async () => {
    const result = await testContext({ cwd: directory }).run('models', '--provider', 'bedrock-anthropic');
    expect(result.stdout).toContain('anthropic.claude-sonnet-4-20250514-v1:0');
    expect(result.stdout).not.toContain('gpt-4o');
    expect(result.stdout).toMatch(/bedrock-anthropic ids\n/);
  });

  it('prints JSON only with --json, and applies a config file’s catalog overrides', async () => {
    const file = path.join(directory, 'switchyard.yaml');
    writeFileSync(
      file,
      [
        'catalog:',
        '  models:',
        '    gpt-4o: { prices: { input: 2 } }',
        '    llama-3.3-70b: { providers: { openai-compatible: [llama-3.3-70b] }, prices: { input: 0.59, output: 0.79 } }',
        '',
      ].join('\n'),
    );
    const result = await testContext({ cwd: directory }).run('models', '--config', file, '--json');
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout);
    expect(listed).toMatchObject({ version: catalogVersion, source: 'switchyard.yaml' });
    expect(listed.models.find((model: { id: string }) => model.id === 'gpt-4o').prices).toEqual({
      input: 2,
      cachedInput: 1.25,
      output: 10,
    });
    expect(listed.models.at(-1).id).toBe('llama-3.3-70b');

    const table = await testContext({ cwd: directory }).run(
      'models',
      '--config',
      file,
      '--provider',
      'openai-compatible',
    );
    expect(table.stdout).toBe(
      [
        `model catalog ${catalogVersion} (shipped + switchyard.yaml)`,
        'model          kind  context  max out  $in/M  $out/M  $cached/M  openai-compatible ids',
        'llama-3.3-70b  chat  -        -        0.59   0.79    ?          llama-3.3-70b',
        '',
      ].join('\n'),
    );
  });

  it('does not read ./switchyard.yaml unless --config names it', async () => {
    writeFileSync(path.join(directory, 'switchyard.yaml'), 'server: { port: nope }\n');
    const result = await testContext({ cwd: directory }).run('models', '--provider', 'mistral');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('mistral-large');
  });

  it('rejects an unknown provider type and an invalid config, exit code 1', async () => {
    const unknown = await testContext({ cwd: directory }).run('models', '--provider', 'openia');
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toMatch(/^error: unknown provider type "openia" \(one of: openai, anthropic, /);

    const file = path.join(directory, 'bad.yaml');
    writeFileSync(file, 'catalog:\n  models:\n    my-model: { contextWindow: 10 }\n');
    const invalid = await testContext({ cwd: directory }).run('models', '--config', file);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('bad.yaml:3: catalog.models.my-model.providers');
  });

  it('has help text with examples', async () => {
    const result = await testContext({ cwd: directory }).run('models', '--help');
    expect(result.stdout).toContain('List the model catalog');
    expect(result.stdout).toContain('$ switchyard models --provider bedrock-anthropic');
  });
});
