// `npx tsx bench/cache.ts [runs] [requests]`: the exact cache at concurrency 1 (issue 6). Against
// one mock upstream, in separate processes: the direct call, the bare reference proxy, and the
// built gateway answering (a) cache hits (one request repeated), (b) misses on a cached route
// (every body distinct: key, lookup and the store after the answer) and (c) the same requests on a
// route without a cache. Each run measures every case once, interleaved; medians over the runs.
// Writes bench/results/cache.md. A benchmark, not a test.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'prettier';
import { compileBench, removeBenchBuild } from './compile-bench.js';
import { gatewayEnv } from './gateway-target.js';
import { defaultApiKey } from './mock-upstream.js';
import { benchModel, directTarget, startBareTarget, startMockService } from './reference-targets.js';
import { spawnGateway } from './spawn-gateway.js';
import { sequentialLatency, type LatencyCase } from './sequential-latency.js';
import { median } from './stats.js';

const runs = Number(process.argv[2] ?? 5);
const requests = Number(process.argv[3] ?? 2000);
const resultsFile = new URL('./results/cache.md', import.meta.url);

type Case = LatencyCase;
const latency = (target: Case) => sequentialLatency(target, requests);

const buildDirectory = compileBench();
const mock = await startMockService(buildDirectory);
const bare = await startBareTarget(buildDirectory, mock.ready);
const direct = directTarget(mock);
const dataDirectory = mkdtempSync(join(tmpdir(), 'switchyard-cache-bench-'));
writeFileSync(
  join(dataDirectory, 'switchyard.yaml'),
  `providers:
  openai: { type: openai, baseUrl: ${mock.ready}/v1, apiKey: ${defaultApiKey} }
models:
  cached:
    cache: { enabled: true }
    targets: [{ provider: openai, model: ${benchModel} }]
  plain:
    targets: [{ provider: openai, model: ${benchModel} }]
`,
);
const gateway = await spawnGateway(dataDirectory, gatewayEnv(mock.ready));
const viaGateway = { origin: gateway.origin, authorization: `Bearer ${gateway.key}` };
const cases: Case[] = [
  { ...direct, name: 'direct (mock)', repeat: false },
  { ...bare, name: 'bare proxy', repeat: false },
  { name: 'gateway, cache hit', ...viaGateway, model: 'cached', repeat: true },
  { name: 'gateway, cache miss', ...viaGateway, model: 'cached', repeat: false },
  { name: 'gateway, no cache', ...viaGateway, model: 'plain', repeat: false },
];
const results = new Map<string, Array<{ p50: number; p99: number }>>(cases.map((entry) => [entry.name, []]));
try {
  for (let run = 1; run <= runs; run++) {
    for (const entry of cases) results.get(entry.name)!.push(await latency(entry));
    const p50s = cases.map((entry) => `${entry.name} ${results.get(entry.name)!.at(-1)!.p50.toFixed(0)}`);
    console.error(`run ${run}: p50 µs: ${p50s.join(', ')}`);
  }
} finally {
  await gateway.stop();
  await bare.stop();
  await mock.stop();
  rmSync(dataDirectory, { recursive: true, force: true });
  removeBenchBuild();
}

const p50 = (name: string): number => median(results.get(name)!.map((result) => result.p50));
const p99 = (name: string): number => median(results.get(name)!.map((result) => result.p99));
const each = (name: string): string =>
  results
    .get(name)!
    .map((result) => result.p50.toFixed(0))
    .join(', ');
const rows = cases.map(
  (entry) =>
    `| ${entry.name} | ${p50(entry.name).toFixed(0)} | ${p99(entry.name).toFixed(0)} | ${each(entry.name)} |`,
);
const hitRatio = p50('gateway, cache hit') / p50('bare proxy');
const missCost = p50('gateway, cache miss') - p50('gateway, no cache');
const table = [
  '# Exact cache at concurrency 1',
  '',
  `${new Date().toISOString()} · Node ${process.version} · ${cpus().length} cores · median of ${runs} runs, ${requests} requests each (after 300 unmeasured)`,
  '',
  '| case | p50 (µs) | p99 (µs) | p50 per run |',
  '| --- | --- | --- | --- |',
  ...rows,
  '',
  `- A hit takes **${(hitRatio * 100).toFixed(0)}%** of the bare proxy's round trip to the mock (goal: under 100%).`,
  `- A miss on a cached route costs **${missCost.toFixed(0)} µs** more at p50 than the same request on a route without a cache (key, lookup; the store runs after the answer).`,
  '',
].join('\n');
const report = await format(table, { parser: 'markdown' });
writeFileSync(resultsFile, report);
process.stdout.write(report);
