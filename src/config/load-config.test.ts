import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'switchyard-load-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads the file, interpolates from the given env and names the file in problems', () => {
    const file = path.join(directory, 'switchyard.yaml');
    writeFileSync(file, 'server:\n  port: ${PORT}\n');
    expect(loadConfig(file, { PORT: '7000' }).server.port).toBe(7000);
    expect(problemOf(() => loadConfig(file, {}))).toBe(
      `${file}:2: server.port: environment variable PORT is not set (use \${PORT:-default} to give a default)`,
    );
  });

  it('resolves relative paths against the config file folder, and leaves absolute ones and :memory:', () => {
    const file = path.join(directory, 'conf', 'switchyard.yaml');
    mkdirSync(path.dirname(file));
    writeFileSync(
      file,
      'server:\n  tls: { certFile: tls/cert.pem, keyFile: /etc/key.pem }\nstorage: { dataDir: ./data }\noutbound: { caFile: ca.pem }\n',
    );
    const config = loadConfig(file, {});
    const base = path.dirname(file);
    expect(config.server.tls).toEqual({ certFile: path.join(base, 'tls/cert.pem'), keyFile: '/etc/key.pem' });
    expect(config.storage.dataDir).toBe(path.join(base, 'data'));
    expect(config.storage.sqlitePath).toBe(path.join(base, 'data', 'switchyard.db'));
    expect(config.outbound.caFile).toBe(path.join(base, 'ca.pem'));
    writeFileSync(file, 'storage: { sqlitePath: ":memory:" }\n');
    expect(loadConfig(file, {}).storage.sqlitePath).toBe(':memory:');
  });

  it('reports a missing file and a directory as config problems', () => {
    const missing = path.join(directory, 'nope.yaml');
    expect(problemOf(() => loadConfig(missing, {}))).toBe(`${missing}: no such file`);
    expect(problemOf(() => loadConfig(directory, {}))).toBe(
      `${directory}: is a directory, not a config file`,
    );
  });
});
