// `npx tsx bench/guard-latency.ts [runs] [requests]`: what a route's guardrails add at
// concurrency 1 (issue 7). Against one mock upstream, in separate processes: the direct call, the
// bare reference proxy, and the built gateway on a route without guardrails, with input checks
// (pii redact, injection block) and with an output check (pii mask on the JSON answer); and a
// second gateway with the request log off, for the same two routes, to tell the checks' own cost
// from the larger records they leave. Every run measures every case once, interleaved; medians
// over the runs. Then a prompt of 1,000,000 characters (generated prose) on the routes without and
// with the input checks, which a prompt that large runs in worker threads: 15 requests per run.
// Writes bench/results/guard-latency.md. A benchmark, not a test.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'prettier';
import { compileBench, removeBenchBuild } from './compile-bench.js';
import { findFreePort } from './free-port.js';
import { gatewayEnv } from './gateway-target.js';
import { defaultApiKey } from './mock-upstream.js';
import { benchModel, directTarget, startBareTarget, startMockService } from './reference-targets.js';
import { sequentialLatency, type LatencyCase } from './sequential-latency.js';
import { samplePrompt } from './sample-prompts.js';
import { spawnGateway } from './spawn-gateway.js';
import { median } from './stats.js';

const runs = Number(process.argv[2] ?? 5);
const requests = Number(process.argv[3] ?? 2000);
/** The large-prompt cases: characters of the user's turn, and requests per run. */
const largePromptCharacters = 1_000_000;
const largeRequests = 15;

const buildDirectory = compileBench();
const mock = await startMockService(buildDirectory);
const bare = await startBareTarget(buildDirectory, mock.ready);
const direct = directTarget(mock);

async function gatewayWith(records: boolean) {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'switchyard-guard-bench-'));
  writeFileSync(
    join(dataDirectory, 'switchyard.yaml'),
    `providers:
  openai: { type: openai, baseUrl: ${mock.ready}/v1, apiKey: ${defaultApiKey} }
models:
  plain:
    targets: [{ provider: openai, model: ${benchModel} }]
  input:
    guardrails: { input: [{ check: pii, action: redact }, { check: injection, action: block }] }
    targets: [{ provider: openai, model: ${benchModel} }]
  output:
    guardrails: { output: [{ check: pii, action: mask }] }
    targets: [{ provider: openai, model: ${benchModel} }]
records:
  enabled: ${records}
server:
  port: ${await findFreePort()}
`,
  );
  const gateway = await spawnGateway(dataDirectory, gatewayEnv(mock.ready));
  return {
    gateway,
    dataDirectory,
    via: { origin: gateway.origin, authorization: `Bearer ${gateway.key}`, repeat: false },
  };
}

const logged = await gatewayWith(true);
const unlogged = await gatewayWith(false);
const cases: LatencyCase[] = [
  { ...direct, name: 'direct (mock)', repeat: false },
  { ...bare, name: 'bare proxy', repeat: false },
  { ...logged.via, name: 'gateway, no guardrails', model: 'plain' },
  { ...logged.via, name: 'gateway, input checks', model: 'input' },
  { ...logged.via, name: 'gateway, output check', model: 'output' },
  { ...unlogged.via, name: 'gateway without records, no guardrails', model: 'plain' },
  { ...unlogged.via, name: 'gateway without records, input checks', model: 'input' },
];
const results = new Map<string, number[]>(cases.map((entry) => [entry.name, []]));
/** About a megabyte of distinct English sentences, some with an email address: the large-prompt cases' user turn. */
const megabyte = (() => {
  const sentences: string[] = [];
  let length = 0;
  for (let seed = 0; length < largePromptCharacters; seed++) {
    // An address every hundred sentences: the pii check has values to redact.
    const sentence = `${samplePrompt(14, seed)}${seed % 100 === 0 ? ' write to jane.doe@example.com' : ''}.`;
    sentences.push(sentence);
    length += sentence.length + 1;
  }
  return sentences.join(' ').slice(0, largePromptCharacters);
})();
const largeCases: LatencyCase[] = [
  { ...logged.via, name: 'gateway, no guardrails, 1 MB prompt', model: 'plain', prompt: () => megabyte },
  { ...logged.via, name: 'gateway, input checks, 1 MB prompt', model: 'input', prompt: () => megabyte },
];
const largeResults = new Map<string, number[]>(largeCases.map((entry) => [entry.name, []]));
try {
  for (let run = 1; run <= runs; run++) {
    for (const entry of cases) results.get(entry.name)!.push((await sequentialLatency(entry, requests)).p50);
    for (const entry of largeCases) {
      largeResults.get(entry.name)!.push((await sequentialLatency(entry, largeRequests, 3)).p50);
    }
    console.error(
      `run ${run}: p50 µs: ${[...cases, ...largeCases].map((entry) => `${entry.name} ${(results.get(entry.name) ?? largeResults.get(entry.name))!.at(-1)!.toFixed(0)}`).join(', ')}`,
    );
  }
} finally {
  for (const { gateway, dataDirectory } of [logged, unlogged]) {
    await gateway.stop();
    rmSync(dataDirectory, { recursive: true, force: true });
  }
  await bare.stop();
  await mock.stop();
  removeBenchBuild();
}

const p50 = (name: string): number => median(results.get(name)!);
const added = (name: string, base: string): string => `${(p50(name) - p50(base)).toFixed(0)} µs`;
const report = await format(
  [
    '# Guardrails at concurrency 1',
    '',
    `${new Date().toISOString()} · Node ${process.version} · ${cpus().length} cores · median of ${runs} runs, ${requests} requests each (after 300 unmeasured)`,
    '',
    '| case | p50 (µs) | p50 per run |',
    '| --- | --- | --- |',
    ...cases.map(
      (entry) =>
        `| ${entry.name} | ${p50(entry.name).toFixed(0)} | ${results
          .get(entry.name)!
          .map((value) => value.toFixed(0))
          .join(', ')} |`,
    ),
    '',
    `- Input checks add **${added('gateway, input checks', 'gateway, no guardrails')}** at p50 (${added('gateway without records, input checks', 'gateway without records, no guardrails')} with the request log off).`,
    `- The output check adds **${added('gateway, output check', 'gateway, no guardrails')}**.`,
    `- The gateway without guardrails adds ${added('gateway, no guardrails', 'bare proxy')} to the bare proxy.`,
    '',
    `A prompt of ${largePromptCharacters.toLocaleString('en')} characters, ${largeRequests} requests per run (after 3 unmeasured):`,
    '',
    '| case | p50 (ms) | p50 per run (ms) |',
    '| --- | --- | --- |',
    ...largeCases.map(
      (entry) =>
        `| ${entry.name} | ${(median(largeResults.get(entry.name)!) / 1000).toFixed(1)} | ${largeResults
          .get(entry.name)!
          .map((value) => (value / 1000).toFixed(1))
          .join(', ')} |`,
    ),
    '',
    `- On that prompt the input checks add **${((median(largeResults.get(largeCases[1]!.name)!) - median(largeResults.get(largeCases[0]!.name)!)) / 1000).toFixed(1)} ms** at p50.`,
    '',
  ].join('\n'),
  { parser: 'markdown' },
);
writeFileSync(new URL('./results/guard-latency.md', import.meta.url), report);
process.stdout.write(report);
