import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  extraGatewayEnv,
  gatewayEntry,
  gatewayEnv,
  gatewayReadiness,
  startGatewayTarget,
} from './gateway-target.js';
import type { Target } from './target.js';

// A stand-in gateway honouring the start contract; it reports what it was started with.
const fakeGateway = (options: { printKey: boolean; crash?: boolean }) => `
import { createServer } from 'node:http';
import { readdirSync } from 'node:fs';
const args = process.argv.slice(2);
const flag = (name) => args[args.indexOf(name) + 1];
${options.crash ? "console.error('cannot open the database'); process.exit(4);" : ''}
const seen = { args, cwd: process.cwd(), env: process.env, dataDirEntries: readdirSync(flag('--data-dir')) };
const server = createServer((request, response) => response.end(JSON.stringify(seen)));
server.listen(Number(flag('--port')), flag('--host'), () => {
  ${options.printKey ? "console.log('Virtual key (shown once): sy-test-key');" : ''}
  console.log('Admin token (shown once): admin-token');
  console.log('Switchyard listening on http://' + flag('--host') + ':' + flag('--port'));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

let repoRoot: string;
let target: Target | undefined;

beforeEach(() => {
  repoRoot = mkdtempSync(join(tmpdir(), 'bench-gateway-test-'));
});
afterEach(async () => {
  await target?.stop();
  target = undefined;
  rmSync(repoRoot, { recursive: true, force: true });
});

function install(script: string): void {
  const entry = join(repoRoot, gatewayEntry);
  mkdirSync(dirname(entry), { recursive: true });
  writeFileSync(entry.replace(/\.js$/, '.mjs'), script);
}

const start = () =>
  startGatewayTarget({
    repoRoot,
    mockUrl: 'http://127.0.0.1:9',
    entry: gatewayEntry.replace(/\.js$/, '.mjs'),
  });

describe('startGatewayTarget', () => {
  it('says clearly that the gateway is not built when its entry is missing', async () => {
    const started = await startGatewayTarget({ repoRoot, mockUrl: 'http://127.0.0.1:9' });
    expect(started).toEqual({
      unavailable: expect.stringMatching(/dist\/src\/cli\/main\.js does not exist.*npm run build/),
    });
  });

  it('starts it as the README does and signs requests with the printed virtual key', async () => {
    install(fakeGateway({ printKey: true }));
    const previous = process.env.SWITCHYARD_CONFIG;
    process.env.SWITCHYARD_CONFIG = '/somewhere/switchyard.yaml';
    const started = await start().finally(() => {
      if (previous === undefined) delete process.env.SWITCHYARD_CONFIG;
      else process.env.SWITCHYARD_CONFIG = previous;
    });
    if (!('target' in started)) throw new Error(started.unavailable);
    target = started.target;
    expect(started.warnings).toEqual([]);
    expect(target.authorization).toBe('Bearer sy-test-key');
    const seen = (await (await request(target.origin)).body.json()) as {
      args: string[];
      cwd: string;
      env: Record<string, string>;
      dataDirEntries: string[];
    };
    const port = new URL(target.origin).port;
    expect(seen.args.slice(0, 5)).toEqual(['serve', '--port', port, '--host', '127.0.0.1']);
    const dataDirectory = seen.args[6]!;
    expect(seen.args[5]).toBe('--data-dir');
    expect(seen.dataDirEntries).toEqual([]);
    expect(dirname(dataDirectory)).toBe(seen.cwd);
    expect(seen.env.OPENAI_API_KEY).toBe('bench-key');
    expect(seen.env.OPENAI_BASE_URL).toBe('http://127.0.0.1:9/v1');
    expect(seen.env.SWITCHYARD_CONFIG).toBeUndefined();
    await target.stop();
    target = undefined;
    expect(existsSync(seen.cwd)).toBe(false);
  });

  it('warns when no virtual key was printed, and when dist/ is older than src/', async () => {
    install(fakeGateway({ printKey: false }));
    mkdirSync(join(repoRoot, 'src'));
    writeFileSync(join(repoRoot, 'src', 'newer.ts'), '');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(repoRoot, 'src', 'newer.ts'), later, later);
    const started = await start();
    if (!('target' in started)) throw new Error(started.unavailable);
    target = started.target;
    expect(started.warnings.join('\n')).toMatch(/dist\/ is older than src\//);
    expect(started.warnings.join('\n')).toMatch(/no `Virtual key/);
  });

  it('reports a gateway that dies at start with its output, and leaves no temp dir', async () => {
    install(fakeGateway({ printKey: true, crash: true }));
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('switchyard-bench-')).length;
    const started = await start();
    expect(started).toEqual({
      unavailable: expect.stringMatching(/exited \(code 4\)[\s\S]*cannot open the database/),
    });
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('switchyard-bench-'))).toHaveLength(before);
  });
});

describe('gatewayReadiness', () => {
  const listening = 'Switchyard listening on http://127.0.0.1:4000';

  it("adds GATEWAY_ENV to the gateway's environment, and refuses anything but an object of strings", () => {
    expect(extraGatewayEnv(undefined)).toEqual({});
    expect(extraGatewayEnv('')).toEqual({});
    expect(extraGatewayEnv('{"MALLOC_ARENA_MAX":"2"}')).toEqual({ MALLOC_ARENA_MAX: '2' });
    for (const bad of ['{', '[]', 'null', '"x"', '{"MALLOC_ARENA_MAX":2}']) {
      expect(() => extraGatewayEnv(bad), bad).toThrow(/GATEWAY_ENV must be a JSON object of strings/);
    }
    const previous = process.env.GATEWAY_ENV;
    process.env.GATEWAY_ENV = '{"NODE_OPTIONS":"--max-semi-space-size=4"}';
    try {
      const env = gatewayEnv('http://127.0.0.1:9');
      expect(env.NODE_OPTIONS).toBe('--max-semi-space-size=4');
      expect(env.OPENAI_BASE_URL).toBe('http://127.0.0.1:9/v1');
    } finally {
      if (previous === undefined) delete process.env.GATEWAY_ENV;
      else process.env.GATEWAY_ENV = previous;
    }
  });

  it('takes the origin and key in either order', () => {
    expect(gatewayReadiness()(['Virtual key (shown once): sy-a', listening])).toEqual({
      origin: 'http://127.0.0.1:4000',
      virtualKey: 'sy-a',
    });
    expect(gatewayReadiness()([listening, 'Virtual key (shown once): sy-b'])?.virtualKey).toBe('sy-b');
  });

  it('waits for the key a short while after the listening line, then goes on without it', () => {
    let now = 1000;
    const ready = gatewayReadiness(500, () => now);
    expect(ready(['starting'])).toBeUndefined();
    expect(ready([listening])).toBeUndefined();
    now = 1499;
    expect(ready([listening])).toBeUndefined();
    now = 1500;
    expect(ready([listening])).toEqual({ origin: 'http://127.0.0.1:4000', virtualKey: undefined });
  });
});
