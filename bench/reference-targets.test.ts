import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from './child-service.js';
import { benchDirectory, compileBench, removeBenchBuild } from './compile-bench.js';
import { preflight } from './preflight.js';
import { directTarget, readyUrl, startBareTarget, startMockService } from './reference-targets.js';
import type { Target } from './target.js';

const output = join(benchDirectory, 'results', `test-build-${process.pid}.tmp`);
let mock: Service<string>;
let bare: Target;

beforeAll(async () => {
  compileBench(output);
  mock = await startMockService(output);
  bare = await startBareTarget(output, mock.ready);
});
afterAll(async () => {
  await bare?.stop();
  await mock?.stop();
  removeBenchBuild(output);
});

function commandLine(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
}

describe('reference targets', () => {
  it('transpiles the bench without its tests', () => {
    expect(existsSync(join(output, 'mock-upstream.js'))).toBe(true);
    expect(existsSync(join(output, 'load', 'stream-reader.js'))).toBe(true);
    expect(existsSync(join(output, 'mock-upstream.test.js'))).toBe(false);
  });

  it('runs the mock and the bare proxy as separate plain-node processes', () => {
    const direct = directTarget(mock);
    expect(new Set([process.pid, direct.pid, bare.pid]).size).toBe(3);
    for (const pid of [direct.pid, bare.pid]) {
      expect(commandLine(pid)).toMatch(/^\S*node \S+\.js/);
      expect(commandLine(pid)).not.toMatch(/tsx/);
    }
    expect(commandLine(bare.pid)).toContain(mock.ready);
  });

  it('serves correct answers through both, as the preflight check sees them', async () => {
    expect(await preflight(directTarget(mock))).toBeUndefined();
    expect(await preflight(bare)).toBeUndefined();
  });

  it('catches a target whose key the upstream refuses', async () => {
    const problem = await preflight({ ...bare, authorization: 'Bearer wrong' });
    expect(problem).toMatch(/answered 401.*invalid_api_key/);
  });
});

describe('readyUrl', () => {
  it('takes the URL from the first matching line only', () => {
    const ready = readyUrl(/^mock upstream listening on (http:\/\/\S+)$/);
    expect(ready(['noise', 'mock upstream listening on http://127.0.0.1:5'])).toBe('http://127.0.0.1:5');
    expect(ready(['xmock upstream listening on http://127.0.0.1:5'])).toBeUndefined();
  });
});
