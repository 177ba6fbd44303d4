import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { ConfigError } from './config-error.js';
import { ConfigHolder } from './config-holder.js';
import type { GatewayConfig } from './config-schema.js';
import { loadConfig } from './load-config.js';
import { resolveModel } from './resolve-model.js';

let directory: string;
let file: string;
const logs: string[] = [];
const log = (level: string, message: string) => logs.push(`${level}: ${message}`);

function configText(port: number, model = 'gpt-4o'): string {
  return `server: { port: ${port} }\nproviders:\n  openai: { type: openai, apiKey: k }\nmodels:\n  ${model}: { targets: [{ provider: openai }] }\n`;
}

function holder(): ConfigHolder {
  return new ConfigHolder(loadConfig(file, {}), file, { env: {}, debounceMs: 20, log });
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for a reload');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'switchyard-holder-'));
  file = path.join(directory, 'switchyard.yaml');
  writeFileSync(file, configText(1000));
  logs.length = 0;
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('ConfigHolder.reload', () => {
  it('swaps in a new version, tells subscribers, and leaves held configs untouched', () => {
    const configs = holder();
    const heldByRequest = configs.current;
    const seen: Array<[number, number]> = [];
    configs.subscribe((config, version) => seen.push([config.server.port, version]));
    writeFileSync(file, configText(2000, 'gpt-4.1'));
    expect(configs.reload()).toEqual({ ok: true, changed: true, version: 2 });
    expect(configs.current.server.port).toBe(2000);
    expect(seen).toEqual([[2000, 2]]);
    expect(heldByRequest.server.port).toBe(1000);
    expect(resolveModel(heldByRequest, 'gpt-4o', 'chat')).toBeDefined();
    expect(resolveModel(configs.current, 'gpt-4o', 'chat')).toBeUndefined();
    expect(resolveModel(configs.current, 'gpt-4.1', 'chat')).toBeDefined();
  });

  it('keeps the old config and reports why when the new file is invalid', () => {
    const configs = holder();
    const before = configs.current;
    let notified = 0;
    configs.subscribe(() => notified++);
    writeFileSync(file, 'server: { port: nope }\n');
    const result = configs.reload();
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.error).toBeInstanceOf(ConfigError);
    expect(result.ok === false && result.error.message).toBe(
      `${file}:1: server.port: expected a number, got "nope"`,
    );
    expect(configs.current).toBe(before);
    expect(configs.version).toBe(1);
    expect(notified).toBe(0);
    expect(logs.join('\n')).toContain('config not reloaded, keeping version 1');
  });

  it('does not count a reload that changes nothing as a new version', () => {
    const configs = holder();
    writeFileSync(file, `# a comment only\n${configText(1000)}`);
    expect(configs.reload()).toEqual({ ok: true, changed: false, version: 1 });
  });

  it('keeps notifying the other subscribers when one throws, and stops after unsubscribe', () => {
    const configs = holder();
    const versions: number[] = [];
    configs.subscribe(() => {
      throw new Error('boom');
    });
    const unsubscribe = configs.subscribe((_config, version) => versions.push(version));
    writeFileSync(file, configText(2000));
    configs.reload();
    unsubscribe();
    writeFileSync(file, configText(3000));
    configs.reload();
    expect(versions).toEqual([2]);
    expect(configs.version).toBe(3);
    expect(logs.join('\n')).toContain('a config listener failed: boom');
  });

  it('uses a custom loader when given one (env discovery has no file)', () => {
    let port = 1;
    const make = (): GatewayConfig => ({
      ...loadConfig(file, {}),
      server: { ...loadConfig(file, {}).server, port },
    });
    const configs = new ConfigHolder(make(), undefined, { load: make, log });
    port = 2;
    expect(configs.reload()).toMatchObject({ ok: true, changed: true, version: 2 });
  });
});

describe('ConfigHolder.watch', () => {
  it('stops every watch on close()', () => {
    const listenersBefore = process.listenerCount('SIGHUP');
    const configs = holder();
    configs.watch();
    configs.watch();
    configs.close();
    writeFileSync(file, configText(2000));
    process.emit('SIGHUP', 'SIGHUP');
    expect(configs.current.server.port).toBe(1000);
    expect(process.listenerCount('SIGHUP')).toBe(listenersBefore);
  });

  it('reloads on SIGHUP until stopped', () => {
    const configs = holder();
    const stop = configs.watch();
    try {
      writeFileSync(file, configText(2000));
      process.emit('SIGHUP', 'SIGHUP');
      expect(configs.current.server.port).toBe(2000);
    } finally {
      stop();
    }
    writeFileSync(file, configText(3000));
    process.emit('SIGHUP', 'SIGHUP');
    expect(configs.current.server.port).toBe(2000);
  });

  it('reloads when the file is written in place and when an editor replaces it', async () => {
    const configs = holder();
    const stop = configs.watch();
    try {
      writeFileSync(file, configText(2000));
      await waitFor(() => configs.current.server.port === 2000);
      const temporary = path.join(directory, '.switchyard.yaml.swp');
      writeFileSync(temporary, configText(3000));
      renameSync(temporary, file);
      await waitFor(() => configs.current.server.port === 3000);
      // The watch survives the replacement: a further write is still seen.
      writeFileSync(file, configText(4000));
      await waitFor(() => configs.current.server.port === 4000);
    } finally {
      stop();
    }
  });

  it('ignores other files in the folder', async () => {
    let loads = 0;
    const load = () => {
      loads++;
      return loadConfig(file, {});
    };
    const configs = new ConfigHolder(load(), file, { load, debounceMs: 20, log });
    loads = 0;
    const stop = configs.watch();
    try {
      writeFileSync(path.join(directory, 'other.yaml'), 'x: 1\n');
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(loads).toBe(0);
      writeFileSync(file, configText(2000));
      await waitFor(() => loads > 0);
    } finally {
      stop();
    }
  });
});
