// `npx tsx bench/pii-eval.ts [runs]`: the PII and secret detectors (src/guard/pii) on the frozen
// labeled sets (bench/data/PII-SOURCES.md): pii-eval.jsonl (the structured types),
// names-addresses-eval.jsonl and names-addresses-holdout.jsonl (person names and postal
// addresses, each reported on its own): precision and recall per entity type, and how long a scan
// takes — a 2 KB prompt (p50/p99), a megabyte of hostile text, and a megabyte dense with one kind
// of entity (scan, then reversible redaction, as a redacting check does), medians over runs. Writes
// bench/results/pii-eval.md. A benchmark, not a test.
//
// A found entity counts as right when a labeled entity of the same type overlaps it by at least
// half of the longer of the two; everything else found is a false positive, everything labeled
// and not found a miss.

import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { format } from 'prettier';
import { ReversibleRedaction } from '../src/guard/pii/reversible-redaction.js';
import { scanPii } from '../src/guard/pii/scan-pii.js';
import { denseTexts } from './dense-pii.js';
import { entityTypes } from '../src/guard/pii/pii-entity.js';
import { median, percentile } from './stats.js';

const runs = Number(process.argv[2] ?? 5);

interface Labeled {
  text: string;
  entities: Array<{ type: string; start: number; end: number }>;
}

/** The frozen sets: the structured types, then person names and postal addresses (two sets). */
const sets = ['pii-eval.jsonl', 'names-addresses-eval.jsonl', 'names-addresses-holdout.jsonl'];

interface Counts {
  right: number;
  wrong: number;
  missed: number;
}

/** Precision and recall counts per type over one set's rows, and every mistake. */
function evaluate(rows: Labeled[]): { counts: Map<string, Counts>; mistakes: string[] } {
  const counts = new Map<string, Counts>();
  const countOf = (type: string): Counts => {
    let count = counts.get(type);
    if (count === undefined) counts.set(type, (count = { right: 0, wrong: 0, missed: 0 }));
    return count;
  };
  for (const row of rows) for (const entity of row.entities) countOf(entity.type);
  const mistakes: string[] = [];
  for (const { text, entities } of rows) {
    const found = scanPii(text);
    const matched = new Set<number>();
    for (const entity of found) {
      const index = entities.findIndex(
        (labeled, position) =>
          !matched.has(position) &&
          labeled.type === entity.type &&
          overlap(labeled, entity) * 2 >= Math.max(labeled.end - labeled.start, entity.end - entity.start),
      );
      const count = countOf(entity.type);
      if (index >= 0) {
        matched.add(index);
        count.right += 1;
      } else {
        count.wrong += 1;
        mistakes.push(`false ${entity.type}: "${text.slice(entity.start, entity.end)}" in "${text}"`);
      }
    }
    entities.forEach((labeled, position) => {
      if (matched.has(position)) return;
      countOf(labeled.type).missed += 1;
      mistakes.push(`missed ${labeled.type}: "${text.slice(labeled.start, labeled.end)}" in "${text}"`);
    });
  }
  return { counts, mistakes };
}

const results = sets.map((file) => {
  const rows = readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Labeled);
  return { file, rows: rows.length, ...evaluate(rows) };
});

function overlap(left: { start: number; end: number }, right: { start: number; end: number }): number {
  return Math.max(0, Math.min(left.end, right.end) - Math.max(left.start, right.start));
}

// Timing: a 2 KB prompt of ordinary text with a few entities, and a megabyte of hostile inputs.
const prompt = (
  'Hello team, please send the quarterly numbers to jane.doe@example.com before Friday. ' +
  'The vendor called from +44 20 7946 0958 about invoice 2024-0193; their IBAN is GB29NWBK60161331926819. '
)
  .repeat(12)
  .slice(0, 2048);
const hostile: Record<string, string> = {
  'digits and spaces': '1 '.repeat(500_000),
  'dots and digits': '1.'.repeat(500_000),
  'random digit runs': Array.from({ length: 120_000 }, (_, index) => String((index * 7919) % 1_000_000_007))
    .join(' ')
    .slice(0, 1_000_000),
  prose: 'The quick brown fox jumps over the lazy dog. '.repeat(23_000).slice(0, 1_000_000),
  'capitalised names': 'Alice Bob Carol Dave Eve Frank Grace Heidi Ivan Judy '
    .repeat(20_000)
    .slice(0, 1_000_000),
  'street addresses': '12 Main Street 34 Oak Avenue NW, '.repeat(32_000).slice(0, 1_000_000),
  'postcode tails': 'Am Ring 1, 10115 Berlin '.repeat(42_000).slice(0, 1_000_000),
};
const dense = denseTexts();
const denseMs = new Map(
  Object.keys(dense).map((name) => [name, { entities: 0, scan: [] as number[], redact: [] as number[] }]),
);
const promptP50: number[] = [];
const promptP99: number[] = [];
const hostileMs = new Map<string, number[]>(Object.keys(hostile).map((name) => [name, []]));
for (let run = 0; run < runs; run++) {
  const samples: number[] = [];
  for (let index = 0; index < 2000; index++) {
    const started = performance.now();
    scanPii(prompt);
    samples.push(performance.now() - started);
  }
  promptP50.push(percentile(samples.slice(200), 0.5));
  promptP99.push(percentile(samples.slice(200), 0.99));
  for (const [name, text] of Object.entries(hostile)) {
    const started = performance.now();
    scanPii(text);
    hostileMs.get(name)!.push(performance.now() - started);
  }
  for (const [name, text] of Object.entries(dense)) {
    const started = performance.now();
    const entities = scanPii(text);
    const scanned = performance.now();
    new ReversibleRedaction().redact(text, entities);
    const times = denseMs.get(name)!;
    times.entities = entities.length;
    times.scan.push(scanned - started);
    times.redact.push(performance.now() - scanned);
  }
}

const structured = new Set(['email', 'card', 'iban', 'phone', 'ssn', 'secret']);
const share = (part: number, whole: number) => (whole === 0 ? '—' : (part / whole).toFixed(3));
/** Types in the catalogue's order, then any other. */
const order = (type: string) => {
  const index = (entityTypes as readonly string[]).indexOf(type);
  return index < 0 ? entityTypes.length : index;
};
const tables = results.flatMap(({ file, rows, counts }) => [
  `**${file}** (${rows} rows)`,
  '',
  '| type | labeled | found right | found wrong | missed | precision | recall | goal |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...[...counts]
    .sort(([left], [right]) => order(left) - order(right))
    .map(([type, { right, wrong, missed }]) => {
      const goal = structured.has(type) ? 'recall ≥ 0.95, precision ≥ 0.90' : 'best effort';
      return `| ${type} | ${right + missed} | ${right} | ${wrong} | ${missed} | ${share(right, right + wrong)} | ${share(right, right + missed)} | ${goal} |`;
    }),
  '',
]);
const mistakes = results.flatMap(({ file, mistakes }) => mistakes.map((line) => `${file}: ${line}`));
const report = [
  '# PII and secret detectors',
  '',
  `${new Date().toISOString()} · Node ${process.version} · ${cpus().length} cores · load average ${loadavg()
    .map((load) => load.toFixed(2))
    .join(
      ' ',
    )} · ${results.reduce((sum, { rows }) => sum + rows, 0)} labeled rows in bench/data/ · timings: median of ${runs} runs`,
  '',
  ...tables,
  '| scan | median |',
  '| --- | --- |',
  `| 2 KB prompt, p50 | ${median(promptP50).toFixed(3)} ms |`,
  `| 2 KB prompt, p99 | ${median(promptP99).toFixed(3)} ms |`,
  ...[...hostileMs].map(
    ([name, times]) => `| 1 MB of ${name} | ${median(times).toFixed(1)} ms (goal < 50) |`,
  ),
  '',
  '| 1 MB dense with | entities | scan | reversible redaction | both |',
  '| --- | --- | --- | --- | --- |',
  ...[...denseMs].map(
    ([name, { entities, scan, redact }]) =>
      `| ${name} | ${entities.toLocaleString('en-US')} | ${median(scan).toFixed(1)} ms | ${median(redact).toFixed(1)} ms | ${(median(scan) + median(redact)).toFixed(1)} ms |`,
  ),
  '',
  mistakes.length === 0 ? 'No mistakes.' : `Mistakes (${mistakes.length}):`,
  '',
  ...mistakes.map((line) => `- ${line.replace(/\|/g, '\\|')}`),
  '',
].join('\n');
const formatted = await format(report, { parser: 'markdown' });
writeFileSync(new URL('./results/pii-eval.md', import.meta.url), formatted);
process.stdout.write(formatted);
