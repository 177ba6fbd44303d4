import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { fakeServer, testContext } from '../__fixtures__/test-context.js';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'switchyard-serve-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const config =
  'providers:\n  openai: { type: openai, apiKey: k }\nmodels:\n  gpt-4o: { targets: [{ provider: openai }] }\n';

describe('serve', () => {
  it('starts the gateway with the file, its path and the flag overrides', async () => {
    const file = path.join(directory, 'switchyard.yaml');
    writeFileSync(file, config);
    const server = fakeServer();
    const context = testContext({ cwd: directory, loadServer: async () => server });
    const result = await context.run('serve', '--port', '9000', '--host', '0.0.0.0', '--data-dir', 'state');
    expect(result).toEqual({
      code: 0,
      stdout: 'Config: switchyard.yaml\nSwitchyard listening on http://0.0.0.0:9000\n',
      stderr: '',
    });
    expect(server.calls).toHaveLength(1);
    const started = server.calls[0];
    expect(started?.configPath).toBe(file);
    // The CLI owns signals; the gateway's own lines go through the CLI's output.
    expect(started?.handleSignals).toBe(false);
    expect(started?.config.server).toMatchObject({ host: '0.0.0.0', port: 9000 });
    expect(started?.config.storage).toMatchObject({
      dataDir: path.join(directory, 'state'),
      sqlitePath: path.join(directory, 'state', 'switchyard.db'),
    });
    expect(Object.keys(started?.config.models ?? {})).toEqual(['gpt-4o']);
  });

  it('keeps an explicit sqlitePath when --data-dir moves the data folder', async () => {
    writeFileSync(path.join(directory, 'switchyard.yaml'), 'storage: { sqlitePath: /srv/db/sy.db }\n');
    const server = fakeServer();
    await testContext({ cwd: directory, loadServer: async () => server }).run(
      'serve',
      '--data-dir',
      '/tmp/x',
    );
    expect(server.calls[0]?.config.storage).toMatchObject({ dataDir: '/tmp/x', sqlitePath: '/srv/db/sy.db' });
  });

  it('uses environment discovery without a file, passes no configPath and says nothing is served', async () => {
    const server = fakeServer();
    const result = await testContext({ cwd: directory, loadServer: async () => server }).run('serve');
    expect(result.code).toBe(0);
    expect(server.calls[0]?.configPath).toBeUndefined();
    expect(result.stdout).toBe('Config: environment\nSwitchyard listening on http://127.0.0.1:8787\n');
    expect(result.stderr).toContain('note: no models are configured, so every model request will get 404');
    expect(result.stderr).toContain('set OPENAI_API_KEY');
  });

  it('shuts down gracefully on SIGTERM and forces the exit on a second signal', async () => {
    const server = fakeServer();
    const context = testContext({ cwd: directory, loadServer: async () => server });
    await context.run('serve', '--port', '0');
    context.signals.emit('SIGTERM');
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.closed).toBe(1);
    expect(context.exits).toEqual([0]);
    expect(context.output.stderr).toContain(
      'SIGTERM: finishing in-flight requests (up to 30000 ms), then exiting',
    );
    context.signals.emit('SIGINT');
    expect(context.exits).toEqual([0, 1]);
    expect(server.closed).toBe(1);
  });

  it('exits 1 when the graceful close fails', async () => {
    const server = fakeServer({ closeFails: true });
    const context = testContext({ cwd: directory, loadServer: async () => server });
    await context.run('serve');
    context.signals.emit('SIGINT');
    await new Promise((resolve) => setImmediate(resolve));
    expect(context.exits).toEqual([1]);
    expect(context.output.stderr).toContain('error: shutdown failed: drain failed');
  });

  it('refuses a bad --port or config before starting anything', async () => {
    const server = fakeServer();
    const context = testContext({ cwd: directory, loadServer: async () => server });
    expect(await context.run('serve', '--port', '70000')).toMatchObject({
      code: 1,
      stderr: 'error: --port must be a whole number from 0 to 65535, got "70000"\n',
    });
    expect((await context.run('serve', '--port', '-1')).code).toBe(1);
    expect((await context.run('serve', '--host', '')).stderr).toBe('error: --host cannot be empty\n');
    writeFileSync(path.join(directory, 'bad.yaml'), 'server: { port: x }\n');
    expect(await context.run('serve', '--config', 'bad.yaml')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'bad.yaml:1: server.port: expected a number, got "x"\n',
    });
    expect(server.calls).toHaveLength(0);
  });

  it('sets the heap schedule before starting: 50% by default, none at 0, and refuses a bad value', async () => {
    const cases: Array<[string, string[]]> = [
      ['', ['--heap-growing-percent=50']],
      ['server: { heapGrowthPercent: 0 }\n', []],
      ['server: { heapGrowthPercent: 120 }\n', ['--heap-growing-percent=120']],
    ];
    for (const [text, flags] of cases) {
      writeFileSync(path.join(directory, 'switchyard.yaml'), text);
      const server = fakeServer();
      const context = testContext({ cwd: directory, loadServer: async () => server });
      expect((await context.run('serve')).code).toBe(0);
      expect(context.v8Flags).toEqual(flags);
      expect(server.calls).toHaveLength(1);
    }
    for (const bad of ['500', '-1', '12.5', 'lots']) {
      writeFileSync(path.join(directory, 'switchyard.yaml'), `server: { heapGrowthPercent: ${bad} }\n`);
      const server = fakeServer();
      const context = testContext({ cwd: directory, loadServer: async () => server });
      const result = await context.run('serve');
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('server.heapGrowthPercent');
      expect(context.v8Flags).toEqual([]);
      expect(server.calls).toHaveLength(0);
    }
  });

  it('turns listen failures and a missing server module into one clear line', async () => {
    writeFileSync(path.join(directory, 'switchyard.yaml'), config);
    const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    const busy = await testContext({
      cwd: directory,
      loadServer: async () => fakeServer({ fail: inUse }),
    }).run('serve');
    expect(busy).toMatchObject({
      code: 1,
      stderr: 'error: 127.0.0.1:8787 is already in use: stop the other process or pass --port\n',
    });
    const missing = Object.assign(new Error('Cannot find module'), { code: 'ERR_MODULE_NOT_FOUND' });
    const noServer = await testContext({ cwd: directory, loadServer: () => Promise.reject(missing) }).run(
      'serve',
    );
    expect(noServer).toMatchObject({
      code: 1,
      stderr: 'error: this build of switchyard has no server module (src/server/start-gateway.ts)\n',
    });
    const other = await testContext({
      cwd: directory,
      loadServer: async () => fakeServer({ fail: new Error('secret file unreadable') }),
    }).run('serve');
    expect(other).toMatchObject({ code: 1, stderr: 'error: unexpected failure: secret file unreadable\n' });
  });
});
