// `npm run build && npx tsx bench/records-latency.ts [rounds]`: one request at a time against the
// built gateway under several `records:` settings, p50 and p99 in µs, to see what the request log
// costs the tail. Each round starts a fresh gateway per setting (alternating, same mock upstream),
// sends 1,000 unmeasured requests, then 6,000 measured ones. RECORDS_CONFIGS (JSON: name → the
// `records:` value as YAML flow) replaces the default settings: the 20 ms default, the former
// 100 ms, and the log off. A tool for comparing settings, not a test.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayEnv } from './gateway-target.js';
import { startMockUpstream } from './mock-upstream.js';
import { benchModel } from './reference-targets.js';
import { sequentialLatency } from './sequential-latency.js';
import { spawnGateway } from './spawn-gateway.js';
import { median } from './stats.js';

const rounds = Number(process.argv[2] ?? 5);
const settings: Record<string, string> = JSON.parse(
  process.env.RECORDS_CONFIGS ??
    '{"flush 20 ms (default)": "{ flushIntervalMs: 20 }", "flush 100 ms": "{ flushIntervalMs: 100 }", "log off": "{ enabled: false }"}',
) as Record<string, string>;

const mock = await startMockUpstream();
const configYaml = (records: string): string =>
  [
    'providers:',
    `  openai: { type: openai, apiKey: '\${OPENAI_API_KEY}', baseUrl: '${mock.url}/v1' }`,
    'models:',
    `  ${benchModel}: { targets: [{ provider: openai, model: ${benchModel} }] }`,
    `records: ${records}`,
    '',
  ].join('\n');

const p50s = new Map<string, number[]>();
const p99s = new Map<string, number[]>();
for (let round = 0; round < rounds; round++) {
  for (const [name, records] of Object.entries(settings)) {
    const directory = mkdtempSync(join(tmpdir(), 'switchyard-records-latency-'));
    writeFileSync(join(directory, 'switchyard.yaml'), configYaml(records));
    const gateway = await spawnGateway(directory, gatewayEnv(mock.url));
    try {
      const latency = await sequentialLatency(
        {
          name,
          origin: gateway.origin,
          authorization: `Bearer ${gateway.key}`,
          model: benchModel,
          repeat: false,
        },
        6000,
        1000,
      );
      p50s.set(name, [...(p50s.get(name) ?? []), latency.p50]);
      p99s.set(name, [...(p99s.get(name) ?? []), latency.p99]);
      console.error(
        `round ${round + 1}, ${name}: p50 ${latency.p50.toFixed(0)} µs, p99 ${latency.p99.toFixed(0)} µs`,
      );
    } finally {
      await gateway.stop();
      rmSync(directory, { recursive: true, force: true });
    }
  }
}
await mock.close();
console.log(`| records | p50 (µs) | p99 (µs) | p99 per round (µs) |`);
console.log(`| --- | --- | --- | --- |`);
for (const name of Object.keys(settings)) {
  const p99 = p99s.get(name)!;
  console.log(
    `| ${name} | ${median(p50s.get(name)!).toFixed(0)} | ${median(p99).toFixed(0)} | ${p99.map((value) => value.toFixed(0)).join(', ')} |`,
  );
}
