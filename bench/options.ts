// The benchmark's command-line flags and the run sizes they imply. `--quick` is a smoke check that
// the harness works, not a measurement: one short run of everything.

import { Command, InvalidArgumentError } from 'commander';
import type { SuiteSettings } from './suite.js';
import { targetNames } from './target.js';
import type { TargetName } from './target.js';

export interface BenchOptions {
  runs: number;
  quick: boolean;
  only: TargetName[];
  suite: SuiteSettings;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1.');
  return number;
}

function positiveSeconds(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new InvalidArgumentError('expected a number of seconds above 0.');
  return number;
}

function targetList(value: string): TargetName[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(targetNames as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new InvalidArgumentError(`expected a comma list of ${targetNames.join(', ')}; got "${value}".`);
  }
  // Keep the fixed order direct, bare, gateway so runs alternate the same way every time.
  return targetNames.filter((name) => names.includes(name));
}

/** Parses argv (without the node and script entries). Throws a commander error on bad flags. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const program = new Command('bench')
    .description('Switchyard benchmark: direct vs bare proxy vs gateway against one mock upstream.')
    .option(
      '--runs <n>',
      'measured runs per target, alternating targets (default 5; 1 with --quick)',
      positiveInteger,
    )
    .option(
      '--duration <seconds>',
      'length of each throughput run (default 5; 2 with --quick)',
      positiveSeconds,
    )
    .option('--quick', 'one short run of everything: a smoke check, not a measurement', false)
    .option('--only <targets>', 'comma list of direct,bare,gateway', targetList)
    .exitOverride()
    .configureOutput({ writeOut: (text) => process.stderr.write(text) });
  program.parse([...argv], { from: 'user' });
  const flags = program.opts<{ runs?: number; duration?: number; quick: boolean; only?: TargetName[] }>();
  const quick = flags.quick;
  return {
    runs: flags.runs ?? (quick ? 1 : 5),
    quick,
    only: flags.only ?? [...targetNames],
    suite: {
      preheatMs: quick ? 500 : 5000,
      latencyWarmup: quick ? 50 : 200,
      latencyRequests: quick ? 300 : 1000,
      concurrency: 64,
      warmupMs: quick ? 500 : 1000,
      durationMs: (flags.duration ?? (quick ? 2 : 5)) * 1000,
      streamWarmup: quick ? 5 : 10,
      streamRequests: quick ? 30 : 100,
      openStreams: 256,
    },
  };
}
