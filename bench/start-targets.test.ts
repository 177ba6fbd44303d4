import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from './child-service.js';
import { gatewayEntry } from './gateway-target.js';
import { startMockUpstream } from './mock-upstream.js';
import { processTree } from './process-stats.js';
import type { MockUpstream } from './mock-upstream.js';
import { startTargets } from './start-targets.js';

// A gateway that starts fine but refuses every key (CommonJS: the temp dir has no package.json).
const refusingGateway = `
const { createServer } = require('node:http');
const args = process.argv.slice(2);
const flag = (name) => args[args.indexOf(name) + 1];
const server = createServer((request, response) => {
  request.resume();
  response.writeHead(401, { 'content-type': 'application/json' });
  response.end('{"error":{"message":"bad key","type":"authentication_error"}}');
});
server.listen(Number(flag('--port')), flag('--host'), () => {
  console.log('Virtual key (shown once): sy-x');
  console.log('Switchyard listening on http://' + flag('--host') + ':' + flag('--port'));
  console.log('pid ' + process.pid);
});
process.on('SIGTERM', () => process.exit(0));
`;

let mock: MockUpstream;
let repoRoot: string;
const mockService = (url: string): Service<string> => ({
  name: 'mock upstream',
  pid: process.pid,
  ready: url,
  recentOutput: () => '',
  stop: async () => undefined,
});

beforeAll(async () => {
  mock = await startMockUpstream();
  repoRoot = mkdtempSync(join(tmpdir(), 'bench-start-targets-'));
});
afterAll(async () => {
  await mock.close();
  rmSync(repoRoot, { recursive: true, force: true });
});

describe('startTargets', () => {
  it('leaves out a gateway that is not built, saying why', async () => {
    const started = await startTargets({
      only: ['gateway'],
      buildDirectory: '',
      repoRoot,
      mock: mockService(mock.url),
    });
    expect(started.targets).toEqual([]);
    expect(started.notes).toEqual([expect.stringMatching(/^gateway not measured: .*does not exist/)]);
  });

  it('leaves out a gateway that fails its preflight, with the answer it gave', async () => {
    const entry = join(repoRoot, gatewayEntry);
    mkdirSync(dirname(entry), { recursive: true });
    writeFileSync(entry, refusingGateway);
    const started = await startTargets({
      only: ['gateway'],
      buildDirectory: '',
      repoRoot,
      mock: mockService(mock.url),
    });
    expect(started.targets).toEqual([]);
    expect(started.notes.at(-1)).toMatch(
      /gateway not measured: it fails the preflight check: .*answered 401.*bad key/,
    );
    // ...and the refused gateway was stopped, not left running.
    const commandLines = processTree(process.pid).map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    });
    expect(commandLines.some((line) => line.includes(repoRoot))).toBe(false);
  });

  it('stops the run when the direct target itself answers wrongly: the harness is broken', async () => {
    const wrong = createServer((request, response) => {
      request.resume();
      response.end('{"choices":[]}');
    });
    wrong.listen(0, '127.0.0.1');
    await once(wrong, 'listening');
    try {
      const url = `http://127.0.0.1:${(wrong.address() as AddressInfo).port}`;
      await expect(
        startTargets({ only: ['direct'], buildDirectory: '', repoRoot, mock: mockService(url) }),
      ).rejects.toThrow(/direct target fails its check, so the harness is broken/);
    } finally {
      wrong.closeAllConnections();
      wrong.close();
    }
  });
});
