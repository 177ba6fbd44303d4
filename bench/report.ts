// Renders a benchmark run as markdown: the environment, per-target medians, what each hop adds,
// the targets marked met / not met, notes, and every run's raw figures.

import { formatMegabytes, formatNumber, formatPercent, formatSigned } from './format.js';
import { checkGoals } from './goals.js';
import type { BenchOptions } from './options.js';
import { measuredTargets, medianDifference, medianMetric, medianRatio, totalErrors } from './summary.js';
import type { Round } from './summary.js';
import type { SuiteMetric } from './suite.js';
import { targetLabels } from './target.js';
import type { TargetName } from './target.js';

export interface Environment {
  date: string;
  node: string;
  cores: number;
  cpuModel: string;
  loadAverage: string;
  elapsedSeconds: number;
}

export interface ReportInput {
  rounds: readonly Round[];
  options: BenchOptions;
  environment: Environment;
  /** Why a target was not measured, warnings: shown as a list. */
  notes: readonly string[];
}

type Row = [label: string, metric: SuiteMetric, render: (value: number) => string];

const resultRows: Row[] = [
  ['latency c=1 p50 (µs)', 'latencyP50Us', (value) => formatNumber(value)],
  ['latency c=1 p99 (µs)', 'latencyP99Us', (value) => formatNumber(value)],
  ['throughput c=64 (requests/s)', 'requestsPerSecond', (value) => formatNumber(value)],
  ['first content p50 (µs)', 'firstTokenP50Us', (value) => formatNumber(value)],
  ['first content p99 (µs)', 'firstTokenP99Us', (value) => formatNumber(value)],
  ['peak RSS, open streams', 'peakRssBytes', formatMegabytes],
  ['streams open at the client / held at the mock', 'streamsOpened', (value) => formatNumber(value)],
  ['CPU per request of the target process (µs)', 'cpuMicrosPerRequest', (value) => formatNumber(value, 1)],
];

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function resultsTable(rounds: readonly Round[], targets: TargetName[]): string {
  const rows = resultRows.map(([label, metric, render]) => [
    label,
    ...targets.map((target) =>
      metric === 'streamsOpened'
        ? `${render(medianMetric(rounds, target, metric))} / ${render(medianMetric(rounds, target, 'streamsHeldUpstream'))}`
        : render(medianMetric(rounds, target, metric)),
    ),
  ]);
  rows.push([
    'failed requests, all runs',
    ...targets.map((target) => formatNumber(totalErrors(rounds, target) ?? NaN)),
  ]);
  return table(['metric', ...targets.map((target) => targetLabels[target])], rows);
}

function comparisonsTable(rounds: readonly Round[], targets: TargetName[]): string {
  const pairs: Array<[TargetName, TargetName]> = [
    ['bare', 'direct'],
    ['gateway', 'direct'],
    ['gateway', 'bare'],
  ];
  const rows = pairs
    .filter(([target, reference]) => targets.includes(target) && targets.includes(reference))
    .map(([target, reference]) => [
      `${targetLabels[target]} vs ${targetLabels[reference]}`,
      formatSigned(medianDifference(rounds, target, reference, 'latencyP50Us')),
      formatSigned(medianDifference(rounds, target, reference, 'latencyP99Us')),
      formatPercent(medianRatio(rounds, target, reference, 'requestsPerSecond')),
      formatSigned(medianDifference(rounds, target, reference, 'firstTokenP50Us')),
      formatSigned(medianDifference(rounds, target, reference, 'firstTokenP99Us')),
    ]);
  if (rows.length === 0) return '_No pair of targets was measured._';
  const header = [
    'comparison',
    'added p50 (µs)',
    'added p99 (µs)',
    'throughput share',
    'added first content p50 (µs)',
    'added first content p99 (µs)',
  ];
  return table(header, rows);
}

function rawRuns(rounds: readonly Round[], targets: TargetName[]): string {
  const rows = rounds.flatMap((round, index) =>
    targets.flatMap((target) => {
      const result = round[target];
      if (!result) return [];
      return [
        [
          String(index + 1),
          targetLabels[target],
          ...resultRows.map(([, metric, render]) => render(result[metric])),
          String(result.errors),
        ],
      ];
    }),
  );
  const header = [
    'run',
    'target',
    'p50',
    'p99',
    'req/s',
    'first p50',
    'first p99',
    'RSS',
    'open',
    'CPU µs/req',
    'failed',
  ];
  return table(header, rows);
}

/** Figures of a target that failed requests describe only its successes: say so beside them. */
function failureNotes(rounds: readonly Round[], targets: TargetName[]): string[] {
  return targets.flatMap((target) => {
    const errors = totalErrors(rounds, target) ?? 0;
    if (errors === 0) return [];
    return [
      `${targetLabels[target]}: ${errors} failed requests or incomplete streams; its latency and throughput cover successful requests only.`,
    ];
  });
}

export function renderReport(input: ReportInput): string {
  const { rounds, options, environment } = input;
  const targets = measuredTargets(rounds);
  const settings = options.suite;
  const goals = checkGoals(rounds, settings.openStreams);
  const lines = [
    '# Switchyard benchmark',
    '',
    `${environment.date} · Node ${environment.node} · ${environment.cores} cores (${environment.cpuModel}) · load average ${environment.loadAverage} · ${formatNumber(environment.elapsedSeconds)} s`,
    '',
    `Median of ${rounds.length} run${rounds.length === 1 ? '' : 's'} per target, alternating targets${options.quick ? ' (--quick: a smoke check, not a measurement)' : ''}. ` +
      `Per run: ${settings.latencyRequests} requests at c=1 after ${settings.latencyWarmup} warm-up; ${settings.durationMs / 1000} s at c=${settings.concurrency} after ${settings.warmupMs / 1000} s warm-up; ` +
      `${settings.streamRequests} streams at c=1 after ${settings.streamWarmup} warm-up; ${settings.openStreams} streams held open.`,
    '',
    '## Results',
    '',
    targets.length > 0 ? resultsTable(rounds, targets) : '_Nothing was measured._',
    '',
    '## What each hop adds (median of per-run differences)',
    '',
    comparisonsTable(rounds, targets),
    '',
    '## Targets for the gateway',
    '',
    table(
      ['target', 'goal', 'measured', 'status'],
      goals.map((goal) => [goal.name, goal.goal, goal.measured, goal.status]),
    ),
    '',
  ];
  const notes = [...input.notes, ...failureNotes(rounds, targets)];
  if (notes.length > 0) lines.push('## Notes', '', ...notes.map((note) => `- ${note}`), '');
  lines.push('<details><summary>Every run</summary>', '', rawRuns(rounds, targets), '', '</details>', '');
  return lines.join('\n');
}
