import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadServerSecret } from './server-secret.js';

describe('loadServerSecret', () => {
  let root: string;
  let dataDir: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'switchyard-secret-'));
    dataDir = join(root, 'data');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('prefers SWITCHYARD_SECRET and writes no file', async () => {
    const secret = 'e'.repeat(40);
    expect(await loadServerSecret({ dataDir, environment: { SWITCHYARD_SECRET: secret } })).toEqual({
      secret,
      source: 'environment',
    });
    await expect(stat(dataDir)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a short SWITCHYARD_SECRET', async () => {
    await expect(loadServerSecret({ dataDir, environment: { SWITCHYARD_SECRET: 'short' } })).rejects.toThrow(
      /SWITCHYARD_SECRET must be at least 32 characters/,
    );
  });

  it('creates <dataDir>/secret on first start: 32 random bytes in hex, mode 0600, no temp file left', async () => {
    const created = await loadServerSecret({ dataDir, environment: {} });
    expect(created.source).toBe('created');
    expect(created.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(created.path).toBe(join(dataDir, 'secret'));
    expect((await readFile(join(dataDir, 'secret'), 'utf8')).trim()).toBe(created.secret);
    if (process.platform !== 'win32') expect((await stat(join(dataDir, 'secret'))).mode & 0o777).toBe(0o600);
    expect(await readdir(dataDir)).toEqual(['secret']);
  });

  it('reads the same secret on the next start', async () => {
    const first = await loadServerSecret({ dataDir, environment: {} });
    const second = await loadServerSecret({ dataDir, environment: { SWITCHYARD_SECRET: '' } });
    expect(second).toEqual({ secret: first.secret, source: 'file', path: join(dataDir, 'secret') });
  });

  it('gives every process the same secret when several start at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => loadServerSecret({ dataDir, environment: {} })),
    );
    expect(new Set(results.map((result) => result.secret)).size).toBe(1);
    expect(results.filter((result) => result.source === 'created')).toHaveLength(1);
    expect(await readdir(dataDir)).toEqual(['secret']);
  });

  it('refuses a secret file other users can read (POSIX; Windows has no such mode bits)', async () => {
    await loadServerSecret({ dataDir, environment: {} });
    await chmod(join(dataDir, 'secret'), 0o644);
    const loading = loadServerSecret({ dataDir, environment: {} });
    if (process.platform === 'win32') await expect(loading).resolves.toMatchObject({ source: 'file' });
    else await expect(loading).rejects.toThrow(/readable by other users/);
  });

  it('refuses a secret file that is empty or too short', async () => {
    await loadServerSecret({ dataDir, environment: {} });
    await writeFile(join(dataDir, 'secret'), '  \n', { mode: 0o600 });
    await expect(loadServerSecret({ dataDir, environment: {} })).rejects.toThrow(/at least 32 characters/);
  });
});
