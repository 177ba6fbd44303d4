// Profiles the built gateway under the benchmark's throughput load: the mock upstream in this
// process, the gateway as `node --cpu-prof dist/src/cli/main.js serve`, 64 requests in flight for
// a fixed time, then a graceful stop so V8 writes the profile. Prints self time by function.
// A tool for finding hot spots, not a measurement: `npx tsx bench/profile.ts [seconds]`.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayEntry, gatewayEnv } from './gateway-target.js';
import { benchPool, sendChat } from './load/chat-request.js';
import { writeProfileYaml } from './profile-yaml.js';
import { startMockUpstream } from './mock-upstream.js';
import { benchModel } from './reference-targets.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const seconds = Number(process.argv[2] ?? 10);
const mock = await startMockUpstream();
const dataDirectory = mkdtempSync(join(tmpdir(), 'switchyard-profile-'));
writeProfileYaml(dataDirectory, mock.url);
const child = spawn(
  process.execPath,
  ['--cpu-prof', `--cpu-prof-dir=${dataDirectory}`, join(process.cwd(), gatewayEntry), 'serve'],
  {
    cwd: dataDirectory,
    env: gatewayEnv(mock.url),
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
let output = '';
child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
while (!/Virtual key \(shown once\): (sy-\S+)/.test(output) || !/listening on (\S+)/.test(output)) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const origin = /listening on (\S+)/.exec(output)?.[1] ?? '';
const key = /Virtual key \(shown once\): (sy-\S+)/.exec(output)?.[1] ?? '';
const target = {
  name: 'gateway',
  origin,
  model: benchModel,
  authorization: `Bearer ${key}`,
  pid: child.pid ?? 0,
  stop: async () => {},
};
const pool = benchPool(target as never, 64);
const deadline = performance.now() + seconds * 1000;
let succeeded = 0;
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (performance.now() < deadline) if (await sendChat(pool, target as never)) succeeded += 1;
  }),
);
await pool.destroy();
// The request log's writer after the load: did it keep up, or queue and spill?
const metrics = await fetch(`${origin}/metrics`).then(
  (response) => response.text(),
  () => '',
);
const writerLines = metrics.split('\n').filter((line) => /^switchyard_record/.test(line));
console.log(writerLines.join('\n'));
const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
console.log(
  `gateway ${/VmRSS:\s+\d+ kB/.exec(status)?.[0] ?? 'VmRSS unknown'} (peak ${/VmHWM:\s+\d+ kB/.exec(status)?.[0] ?? '?'})`,
);
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
await mock.close();
console.log(`${succeeded} requests in ${seconds} s`);

// Node writes one profile per thread; PROFILE_THREAD=worker picks the smallest (the request log's
// SQLite worker), otherwise the largest (the main thread).
const profiles = readdirSync(dataDirectory)
  .filter((name) => name.endsWith('.cpuprofile'))
  .sort(
    (left, right) => statSync(join(dataDirectory, right)).size - statSync(join(dataDirectory, left)).size,
  );
const file = process.env.PROFILE_THREAD === 'worker' ? profiles.at(-1) : profiles[0];
if (profiles.length > 1) console.log(`${profiles.length} thread profiles; showing ${file}`);
if (!file) throw new Error('no profile written');
const profile = JSON.parse(readFileSync(join(dataDirectory, file), 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const self = new Map<number, number>();
profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const byFunction = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const time = self.get(node.id) ?? 0;
  total += time;
  const url = node.callFrame.url.replace(/^.*\/node_modules\//, '~/').replace(/^.*\/dist\//, '');
  const label = `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(label, (byFunction.get(label) ?? 0) + time);
}
const busy =
  total -
  [...byFunction].filter(([label]) => label.startsWith('(idle)')).reduce((sum, [, time]) => sum + time, 0);
console.log(`busy ${(busy / 1000).toFixed(0)} ms = ${(busy / succeeded).toFixed(1)} µs/request`);
for (const [label, time] of [...byFunction]
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(process.argv[3] ?? 45))) {
  console.log(
    `${((time / busy) * 100).toFixed(1).padStart(5)}%  ${(time / succeeded).toFixed(1).padStart(6)} µs  ${label}`,
  );
}
// PROFILE_FOCUS=name,name@file: each function's inclusive time (itself and all it calls), by
// name, or by name in a file whose path contains `file`.
const focus = (process.env.PROFILE_FOCUS ?? '').split(',').filter((name) => name !== '');
if (focus.length > 0) {
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
  const matches = (wanted: string, node: ProfileNode): boolean => {
    const [name, file] = wanted.split('@');
    return node.callFrame.functionName === name && (file === undefined || node.callFrame.url.includes(file));
  };
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parentOf.get(node)) {
      for (const name of focus) {
        if (seen.has(name) || !matches(name, nodeById.get(node)!)) continue;
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0));
      }
    }
  });
  console.log('inclusive time (PROFILE_FOCUS):');
  for (const name of focus) {
    console.log(`  ${((inclusive.get(name) ?? 0) / succeeded).toFixed(1).padStart(6)} µs  ${name}`);
  }
}
rmSync(dataDirectory, { recursive: true, force: true });
