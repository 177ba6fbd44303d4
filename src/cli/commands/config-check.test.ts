import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { testContext } from '../__fixtures__/test-context.js';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'switchyard-check-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const validConfig = `providers:
  openai: { type: openai, apiKey: "\${OPENAI_API_KEY}" }
  anthropic: { type: anthropic, apiKeys: [a, b] }
  vllm: { type: openai-compatible, server: vllm, baseUrl: "http://127.0.0.1:8000/v1" }
models:
  gpt-4o:
    targets: [{ provider: openai, model: gpt-4o }, { provider: anthropic, model: claude-sonnet-4-20250514 }]
  "claude-*": { targets: [{ provider: anthropic }] }
  embed: { kind: embeddings, targets: [{ provider: openai, model: text-embedding-3-small }] }
`;

function write(name: string, text: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return file;
}

describe('config check', () => {
  it('summarises a valid file, and never prints credentials', async () => {
    write('switchyard.yaml', validConfig);
    const result = await testContext({ cwd: directory, env: { OPENAI_API_KEY: 'sk-very-secret' } }).run(
      'config',
      'check',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'switchyard.yaml: valid',
        'providers (3):',
        '  openai     openai                    https://api.openai.com/v1     1 key',
        '  anthropic  anthropic                 https://api.anthropic.com/v1  2 keys',
        '  vllm       openai-compatible (vllm)  http://127.0.0.1:8000/v1      0 keys',
        'models (3):',
        '  gpt-4o    chat        openai:gpt-4o -> anthropic:claude-sonnet-4-20250514',
        '  claude-*  chat        anthropic:*',
        '  embed     embeddings  openai:text-embedding-3-small',
        '',
      ].join('\n'),
    );
    expect(result.stdout).not.toContain('sk-very-secret');
  });

  it('lists every problem and exits 1', async () => {
    const file = write('bad.yaml', 'server:\n  prot: 1\nmodels:\n  m: { targets: [{ provider: opena1 }] }\n');
    const result = await testContext({ cwd: directory }).run('config', 'check', '--config', file);
    expect(result).toEqual({
      code: 1,
      stdout:
        'bad.yaml:2: server: unknown key "prot" (did you mean "port"?)\n' +
        'bad.yaml:4: models.m.targets[0].provider: unknown provider "opena1" (no providers are defined)\n',
      stderr: '',
    });
  });

  it('prints JSON only with --json, valid or not', async () => {
    const good = write('good.yaml', validConfig);
    const valid = await testContext({ cwd: directory, env: { OPENAI_API_KEY: 'sk-x' } }).run(
      'config',
      'check',
      '--config',
      good,
      '--json',
    );
    const summary = JSON.parse(valid.stdout);
    expect(summary).toMatchObject({ valid: true, source: 'good.yaml' });
    expect(summary.providers[0]).toEqual({
      name: 'openai',
      type: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      keys: 1,
    });
    expect(summary.models[1]).toEqual({
      name: 'claude-*',
      kind: 'chat',
      pattern: true,
      targets: [{ provider: 'anthropic', model: '*' }],
    });
    expect(valid.stdout).not.toContain('sk-x');

    const bad = await testContext({ cwd: directory }).run('config', 'check', '--config', good, '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual({
      valid: false,
      source: 'good.yaml',
      problems: [
        {
          path: 'providers.openai.apiKey',
          message:
            'environment variable OPENAI_API_KEY is not set (use ${OPENAI_API_KEY:-default} to give a default)',
          line: 2,
        },
      ],
    });
  });

  it('reads SWITCHYARD_CONFIG when --config is absent, and --config wins over it', async () => {
    const fromEnv = write('from-env.yaml', 'server:\n  port: nope\n');
    const flagged = write('flagged.yaml', '');
    const context = testContext({ cwd: directory, env: { SWITCHYARD_CONFIG: fromEnv } });
    expect((await context.run('config', 'check')).stdout).toBe(
      'from-env.yaml:2: server.port: expected a number, got "nope"\n',
    );
    expect((await context.run('config', 'check', '--config', flagged)).code).toBe(0);
  });

  it('reports a missing file', async () => {
    const result = await testContext({ cwd: directory }).run('config', 'check', '--config', 'nope.yaml');
    expect(result).toMatchObject({ code: 1, stdout: 'nope.yaml: no such file\n' });
  });

  it('falls back to environment discovery when there is no file', async () => {
    const result = await testContext({ cwd: directory, env: { GROQ_API_KEY: 'g' } }).run('config', 'check');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'no config file: providers discovered from environment variables',
        'environment: valid',
        'providers (1):',
        '  groq  openai-compatible (groq)  https://api.groq.com/openai/v1  1 key',
        'models (1):',
        '  groq/*  chat  groq:*',
        '',
      ].join('\n'),
    );
    const bad = await testContext({ cwd: directory, env: { SWITCHYARD_PORT: 'x' } }).run('config', 'check');
    expect(bad).toMatchObject({
      code: 1,
      stdout: 'environment: SWITCHYARD_PORT: expected a number, got "x"\n',
    });
  });
});
