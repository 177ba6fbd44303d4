// The whole gateway's resident memory with and without a semantic route: `switchyard serve`
// (the built code) in front of the mock upstream, idle and after 300 distinct prompts sent one
// at a time (so the semantic route has started its encoder thread, embedded and filed them).
// Rounds alternate a plain route and a semantic one, each a fresh gateway; medians reported.
// `npm run build && npx tsx bench/semantic-gateway.ts [rounds]` (default 3; writes
// bench/results/semantic-gateway.md).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultApiKey, startMockUpstream } from './mock-upstream.js';
import { samplePrompt } from './sample-prompts.js';
import { spawnGateway } from './spawn-gateway.js';
import { readRssBytes } from './process-stats.js';
import { formatRounds } from './format.js';
import { median } from './stats.js';

const resultsFile = fileURLToPath(new URL('./results/semantic-gateway.md', import.meta.url));
const prompts = 300;

interface Sample {
  idle: number;
  after: number;
  p50: number;
}

/** Resident memory in MB (10⁶ bytes, as the core benchmark's goal counts them). */
function residentMegabytes(pid: number): number {
  return readRssBytes(pid) / 1e6;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function round(semantic: boolean): Promise<Sample> {
  const mock = await startMockUpstream();
  const directory = mkdtempSync(join(tmpdir(), 'switchyard-semantic-gateway-'));
  const cache = semantic ? '    cache: { enabled: true, semantic: { errorBudget: 0.01 } }\n' : '';
  writeFileSync(
    join(directory, 'switchyard.yaml'),
    `providers:\n  mock: { type: openai-compatible, baseUrl: '${mock.url}/v1', apiKey: '${defaultApiKey}' }\n` +
      `models:\n  bench:\n${cache}    targets: [{ provider: mock, model: gpt-4o-mini }]\n`,
  );
  const gateway = await spawnGateway(directory, { ...process.env });
  try {
    await pause(2000);
    const idle = residentMegabytes(gateway.pid);
    const times: number[] = [];
    for (let index = 0; index < prompts; index++) {
      const started = performance.now();
      const response = await fetch(`${gateway.origin}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'bench',
          messages: [{ role: 'user', content: samplePrompt(12, index) }],
        }),
      });
      await response.text();
      if (response.status !== 200) throw new Error(`request ${index}: status ${response.status}`);
      times.push(performance.now() - started);
    }
    await pause(2000);
    return { idle, after: residentMegabytes(gateway.pid), p50: median(times) };
  } finally {
    await gateway.stop();
    await mock.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

const rounds = Number(process.argv[2] ?? 3);
const samples: Record<'plain' | 'semantic', Sample[]> = { plain: [], semantic: [] };
for (let index = 0; index < rounds; index++) {
  for (const kind of ['plain', 'semantic'] as const) {
    samples[kind].push(await round(kind === 'semantic'));
    console.error(`round ${index + 1} of ${rounds}: ${kind} done`);
  }
}
const row = (name: string, list: Sample[]) =>
  `| ${name} | ${median(list.map((sample) => sample.idle)).toFixed(1)} | ` +
  `${formatRounds(list.map((sample) => sample.after))} | ` +
  `${median(list.map((sample) => sample.p50)).toFixed(2)} |`;
const text = [
  '# The gateway with a semantic route: resident memory',
  '',
  `\`npm run build && npx tsx bench/semantic-gateway.ts ${rounds}\` on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ` +
    `${new Date().toISOString().slice(0, 10)}. \`switchyard serve\` in front of the mock upstream, a fresh gateway per round;`,
  `VmRSS 2 s after start and 2 s after ${prompts} distinct prompts sent one at a time (medians; per round in brackets).`,
  '',
  '| route | idle MB | after the prompts MB | request p50 ms |',
  '| --- | ---: | ---: | ---: |',
  row('no cache', samples.plain),
  row('semantic cache (embedded encoder)', samples.semantic),
  '',
].join('\n');
writeFileSync(resultsFile, text);
console.log(text);
