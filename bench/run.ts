// `npm run bench`: measures the gateway against a direct call and a bare reference proxy, all in
// front of one mock upstream, each in its own process; prints a markdown table and writes it to
// bench/results/latest.md. A benchmark, not a test: never part of `npm test`.

import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { CommanderError } from 'commander';
import { format } from 'prettier';
import type { Service } from './child-service.js';
import { benchDirectory, compileBench, removeBenchBuild } from './compile-bench.js';
import { MockControl } from './mock-control.js';
import { parseOptions } from './options.js';
import type { BenchOptions } from './options.js';
import { startMockService } from './reference-targets.js';
import { renderReport } from './report.js';
import { startTargets } from './start-targets.js';
import { warmStreams } from './load/stream-warmup.js';
import { measureThroughput } from './load/throughput.js';
import { runSuite } from './suite.js';
import type { Round } from './summary.js';
import { targetLabels } from './target.js';
import type { Target } from './target.js';

const resultsFile = join(benchDirectory, 'results', 'latest.md');
const startedAt = performance.now();

function progress(message: string): void {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
}

/** Runs every target once per round, in a fixed order, so drift on the machine hits all alike. */
async function runRounds(
  targets: Target[],
  mock: MockControl,
  options: BenchOptions,
  notes: string[],
): Promise<Round[]> {
  const rounds: Round[] = [];
  let active = [...targets];
  // A production gateway is warm: JIT-compiled hot paths (JSON and streaming), open upstream
  // connections. Every target gets the same unmeasured load first, so run 1 does not measure start-up.
  for (const target of active) {
    progress(
      `warming up ${targetLabels[target.name]} (${options.suite.preheatMs} ms of JSON, then ${options.suite.preheatMs / 2} ms of streams, at c=${options.suite.concurrency})`,
    );
    await measureThroughput(target, {
      concurrency: options.suite.concurrency,
      durationMs: options.suite.preheatMs,
      warmupMs: 0,
    });
    await warmStreams(target, {
      concurrency: options.suite.concurrency,
      durationMs: options.suite.preheatMs / 2,
    });
  }
  for (let run = 1; run <= options.runs; run += 1) {
    const round: Round = {};
    for (const target of active) {
      const label = `run ${run}/${options.runs} ${targetLabels[target.name]}`;
      try {
        round[target.name] = await runSuite(target, mock, options.suite, (phase) =>
          progress(`${label}: ${phase}`),
        );
      } catch (error) {
        notes.push(
          `${targetLabels[target.name]} failed during run ${run} and was dropped: ${(error as Error).message}`,
        );
        active = active.filter((candidate) => candidate !== target);
      }
    }
    rounds.push(round);
  }
  return rounds;
}

async function measure(
  options: BenchOptions,
  mockService: Service<string>,
  buildDirectory: string,
): Promise<string> {
  const { targets, notes } = await startTargets({
    only: options.only,
    buildDirectory,
    repoRoot: dirname(benchDirectory),
    mock: mockService,
  });
  for (const note of notes) progress(`NOTE: ${note}`);
  try {
    progress(`measuring ${targets.map((target) => targetLabels[target.name]).join(', ')}`);
    const rounds = await runRounds(targets, new MockControl(mockService.ready), options, notes);
    return renderReport({
      rounds,
      options,
      notes,
      environment: {
        date: new Date().toISOString(),
        node: process.version,
        cores: availableParallelism(),
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
        loadAverage: loadavg()
          .map((load) => load.toFixed(2))
          .join(' '),
        elapsedSeconds: (performance.now() - startedAt) / 1000,
      },
    });
  } finally {
    await Promise.all(targets.map((target) => target.stop()));
  }
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
  const buildDirectory = compileBench();
  let mockService: Service<string> | undefined;
  try {
    mockService = await startMockService(buildDirectory);
    // Prettier aligns the table columns, which reads better in a terminal and keeps the committed
    // file stable under `npm run format`.
    const report = await format(await measure(options, mockService, buildDirectory), { parser: 'markdown' });
    process.stdout.write(report);
    writeFileSync(resultsFile, report);
    progress(`wrote ${resultsFile}`);
    return 0;
  } finally {
    await mockService?.stop();
    removeBenchBuild();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
