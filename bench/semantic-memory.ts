// What the semantic cache's thread costs in resident memory, as the gateway runs it (the built
// code in dist/, the worker started as `switchyard serve` starts it): the embedded encoder loaded,
// after short prompts, after prompts near its 128-token window four at a time, after prompts of
// 4,000 characters (refused unread), and with 100,000 entries filed as a restart files them. Each
// round is a fresh process; figures are growth over that process's own start. The process runs
// with V8's smallest young generation (`--max-semi-space-size=1`): otherwise the harness's own
// short-lived garbage (the ids and codes it sends) grows the event loop's young generation by
// some 30 MB and that would be counted as the thread's (a gateway under load has its young
// generation at full size anyway, rebuild or not).
// `npm run build && npx tsx bench/semantic-memory.ts [rounds]` (default 3; writes
// bench/results/semantic-memory.md).

import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SemanticThread as SemanticThreadType } from '../src/cache/semantic/semantic-thread.js';
import { seededRandom } from '../src/cache/semantic/test-vectors.js';
import { samplePrompt } from './sample-prompts.js';
import { median } from './stats.js';

const built = fileURLToPath(new URL('../dist/src/cache/semantic/semantic-thread.js', import.meta.url));
const resultsFile = fileURLToPath(new URL('./results/semantic-memory.md', import.meta.url));
const entries = 100_000;

interface Stage {
  name: string;
  /** Resident memory over the process's start, bytes. */
  grown: number;
  /** Median milliseconds of one call, where the stage times one. */
  ms?: number;
}

async function timed(calls: number, call: (index: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < calls; index++) {
    const started = performance.now();
    await call(index);
    times.push(performance.now() - started);
  }
  return median(times);
}

async function round(): Promise<Stage[]> {
  const start = process.memoryUsage().rss;
  const grown = (): number => process.memoryUsage().rss - start;
  const { SemanticThread } = (await import(pathToFileURL(built).href)) as {
    SemanticThread: typeof SemanticThreadType;
  };
  const thread = new SemanticThread({ budgetMs: 60_000, maxPending: 10_000 });
  const stages: Stage[] = [];
  await thread.warm();
  stages.push({ name: 'encoder loaded', grown: grown() });
  let ms = await timed(300, (index) => thread.lookup('bench', samplePrompt(8 + (index % 10), index)));
  stages.push({ name: '300 short prompts, one at a time', grown: grown(), ms });
  ms = await timed(50, (index) =>
    Promise.all([0, 1, 2, 3].map((part) => thread.lookup('bench', samplePrompt(70, index * 4 + part)))),
  );
  stages.push({ name: '200 prompts of 70 words (~100 tokens), 4 at once', grown: grown(), ms });
  ms = await timed(50, (index) =>
    Promise.all(
      [0, 1, 2, 3].map((part) => thread.lookup('bench', samplePrompt(700, index * 4 + part).slice(0, 3990))),
    ),
  );
  stages.push({ name: '200 prompts of 3,990 characters, 4 at once (refused)', grown: grown(), ms });
  // As a restart rebuilds the index from stored answers: int8 codes, 1,024 entries a message.
  const random = seededRandom(10);
  for (let entry = 0; entry < entries; entry += 1024) {
    const count = Math.min(1024, entries - entry);
    const ids: string[] = [];
    const codes = new Int8Array(count * 512);
    for (let offset = 0; offset < count; offset++) {
      ids.push((entry + offset).toString(16).padStart(64, '0'));
      // Random directions, written straight into the block as a rebuild reads stored codes.
      for (let index = 0; index < 512; index++)
        codes[offset * 512 + index] = Math.round(random() * 254 - 127);
    }
    await thread.addMany(ids, new Array<string>(count).fill('bench'), codes);
  }
  const stats = await thread.stats();
  stages.push({
    name: `${stats.entries.toLocaleString('en')} entries in one partition (index's own count ${(stats.bytes / 1e6).toFixed(1)} MB)`,
    grown: grown(),
  });
  await thread.close();
  return stages;
}

function report(rounds: Stage[][]): string {
  const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);
  const rows = rounds[0]!.map((stage, index) => {
    const grown = rounds.map((stages) => stages[index]!.grown);
    const ms = rounds.map((stages) => stages[index]!.ms).filter((value) => value !== undefined);
    return (
      `| ${stage.name} | ${megabytes(median(grown))} | ${grown.map(megabytes).join(', ')} | ` +
      `${ms.length === 0 ? '' : median(ms).toFixed(1)} |`
    );
  });
  return [
    '# Semantic cache thread: resident memory',
    '',
    `\`npm run build && npx tsx bench/semantic-memory.ts ${rounds.length}\` on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'},`,
    `${new Date().toISOString().slice(0, 10)}. Growth of the process's resident memory over its own start, each`,
    "round a fresh process (run with `--max-semi-space-size=1`, so the harness's own garbage does not grow its",
    'young generation into the figures); the calls timed are round trips from the event loop (median ms per call or burst).',
    '',
    '| after | median MB | per round MB | median ms |',
    '| --- | ---: | --- | ---: |',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(await round()));
} else if (!existsSync(built)) {
  console.error(`semantic-memory bench: ${built} is missing; run \`npm run build\` first.`);
  process.exitCode = 1;
} else {
  const count = Number(process.argv[2] ?? 3);
  const rounds: Stage[][] = [];
  for (let index = 0; index < count; index++) {
    const output = execFileSync(
      process.execPath,
      [...process.execArgv, '--max-semi-space-size=1', fileURLToPath(import.meta.url), '--child'],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    rounds.push(JSON.parse(output) as Stage[]);
    console.error(`round ${index + 1} of ${count} done`);
  }
  const text = report(rounds);
  writeFileSync(resultsFile, text);
  console.log(text);
}
