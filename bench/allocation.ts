// Where the gateway allocates per request: the gateway from sources in this process, the mock
// upstream and a one-at-a-time client in child processes (so only the gateway's allocations are
// sampled), V8's sampling heap profiler counting objects young collections freed too. Prints the
// bytes allocated per request by file and by function. A tool for finding what to cut, not a
// measurement: sampling estimates, and the sources run under tsx.
// `npx tsx bench/allocation.ts [requests]` (default 3000, after 500 to warm up).

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config/parse-config.js';
import { startGateway } from '../src/server/start-gateway.js';
import { compileBench, removeBenchBuild } from './compile-bench.js';
import { defaultApiKey } from './mock-upstream.js';
import { benchModel, startMockService } from './reference-targets.js';

interface SampledNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SampledNode[];
}

const requests = Number(process.argv[2] ?? 3000);
const warmup = 500;

/** A client sending `count` requests one at a time (plain node: nothing to compile). */
function clientSource(origin: string, key: string, count: number): string {
  return `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let sent = 0;
function next() {
  if (sent === ${count}) { console.log('done'); agent.destroy(); return; }
  sent += 1;
  const body = JSON.stringify({ model: ${JSON.stringify(benchModel)}, messages: [{ role: 'user', content: 'Say hello to request ' + sent + '.' }] });
  const request = http.request(${JSON.stringify(origin)} + '/v1/chat/completions', { method: 'POST', agent,
    headers: { 'content-type': 'application/json', authorization: 'Bearer ${key}' } }, (response) => {
    response.resume();
    response.on('end', () => { if (response.statusCode !== 200) { console.log('failed ' + response.statusCode); process.exit(1); } next(); });
  });
  request.end(body);
}
next();`;
}

async function drive(origin: string, key: string, count: number): Promise<void> {
  const client = spawn(process.execPath, ['-e', clientSource(origin, key, count)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  client.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(client, 'exit')) as [number | null];
  if (code !== 0 || !output.includes('done'))
    throw new Error(`the client: ${output.trim() || `exit ${code}`}`);
}

function place(node: SampledNode): { file: string; name: string } {
  const { url, functionName, lineNumber } = node.callFrame;
  const file = url === '' ? '(native)' : url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
  return { file, name: `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}` };
}

function tally(node: SampledNode, byFile: Map<string, number>, byFunction: Map<string, number>): void {
  const { file, name } = place(node);
  byFile.set(file, (byFile.get(file) ?? 0) + node.selfSize);
  byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
  for (const next of node.children) tally(next, byFile, byFunction);
}

function top(sizes: Map<string, number>, count: number): string[] {
  return [...sizes.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, count)
    .map(([name, size]) => `${(size / requests).toFixed(0).padStart(8)} B  ${name}`);
}

const buildDirectory = compileBench();
const mock = await startMockService(buildDirectory);
const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-allocation-'));
const lines: string[] = [];
const config = parseConfig(
  `providers:\n  mock: { type: openai, baseUrl: '${mock.ready}/v1', apiKey: ${defaultApiKey} }\n` +
    `models:\n  ${benchModel}: { targets: [{ provider: mock, model: ${benchModel} }] }\n` +
    `storage: { dataDir: '${dataDir}' }\nserver: { port: 0 }\n`,
  'allocation.yaml',
  {},
);
const gateway = await startGateway({ config, log: (line) => lines.push(line), handleSignals: false });
const key = lines.find((line) => line.startsWith('Virtual key'))?.split(': ')[1] ?? '';
const session = new Session();
session.connect();
try {
  await drive(gateway.url, key, warmup);
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 256,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await drive(gateway.url, key, requests);
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: SampledNode } };
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  tally(profile.head, byFile, byFunction);
  const total = [...byFile.values()].reduce((sum, size) => sum + size, 0);
  console.log(
    `about ${(total / requests / 1024).toFixed(1)} KiB allocated per request (${requests} requests)\n`,
  );
  console.log(['by file:', ...top(byFile, 25), '', 'by function:', ...top(byFunction, 40)].join('\n'));
} finally {
  session.disconnect();
  await gateway.close();
  await mock.stop();
  removeBenchBuild(buildDirectory);
  rmSync(dataDir, { recursive: true, force: true });
}
