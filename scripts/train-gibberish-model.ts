// Trains the gibberish model (src/guard/injection/gibberish-model.ts) offline and writes
// src/guard/injection/weights/gibberish-model.json. The character and word-shape n-gram models
// are counted on benign text only: the benign rows of injection-train's train.jsonl outside the
// held-out sources, and half of the npm READMEs installed (scripts/gibberish-corpus.ts). The four
// window weights are a logistic regression of benign windows against synthetic token-soup
// suffixes built from benign words; the threshold is chosen on benign rows of dev.jsonl (held-out
// sources dropped) and the other half of the READMEs. No injection row is read. Seeded.
// Run: npx tsx scripts/train-gibberish-model.ts [--data DIR] [--modules DIR] [--bits 17]
//      [--seed 20261126] [--fpr 0.01]

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { detectionText } from '../src/guard/injection/detection-text.js';
import {
  GibberishModel,
  characterNamespace,
  shapeNamespace,
  startShape,
  type GibberishModelFile,
  type WindowFeatures,
} from '../src/guard/injection/gibberish-model.js';
import { gibberishTokens } from '../src/guard/injection/gibberish-tokens.js';
import {
  fingerprintOf,
  hashText,
  hashUnits,
  NgramTable,
  toLevel,
} from '../src/guard/injection/ngram-table.js';
import { fitWindowWeights } from './fit-window-weights.js';
import {
  chunks,
  readmeHalves,
  readRows,
  seededRandom,
  syntheticSuffix,
  vocabulary,
} from './gibberish-corpus.js';

const { values: options } = parseArgs({
  options: {
    data: {
      type: 'string',
      default: fileURLToPath(new URL('../../shared/data/injection-train', import.meta.url)),
    },
    modules: { type: 'string', default: fileURLToPath(new URL('../node_modules', import.meta.url)) },
    bits: { type: 'string', default: '17' },
    seed: { type: 'string', default: '20261126' },
    fpr: { type: 'string', default: '0.01' },
    out: {
      type: 'string',
      default: fileURLToPath(new URL('../src/guard/injection/weights/gibberish-model.json', import.meta.url)),
    },
  },
});

const bits = Number(options.bits);
const characterOrder = 4;
const shapeOrder = 3;
const step = 1;
const backoff = Math.log(2.5);
const windowTokens = 10;
const minimumTokens = 6;

const heldOut = JSON.parse(
  readFileSync(new URL('../src/guard/injection/weights/held-out-sources.json', import.meta.url), 'utf8'),
) as { injection: Array<{ source: string }>; benign: Array<{ source: string }> };
const heldOutSources = new Set([...heldOut.injection, ...heldOut.benign].map((entry) => entry.source));
const benign = (name: string): string[] =>
  readRows(`${options.data}/${name}`, heldOutSources)
    .filter((row) => row.label === 'benign')
    .map((row) => row.text);
const trainTexts = benign('train.jsonl');
const devTexts = benign('dev.jsonl');
const readmes = readmeHalves(options.modules);
const learnedTexts = [...trainTexts, ...readmes.learned];
console.log(
  `counting ${trainTexts.length} benign train rows and ${readmes.learned.length} READMEs; checking ${devTexts.length} dev rows and ${readmes.checked.length} READMEs`,
);

/**
 * n-gram hash → [count, hash of its context, length]. A unigram's context is the empty string of
 * its namespace, so its context count is the namespace's total.
 */
const counts = new Map<number, [number, number, number]>();
const contextCounts = new Map<number, number>();
function count(hash: number, context: number, length: number): void {
  const entry = counts.get(hash);
  if (entry === undefined) counts.set(hash, [1, context, length]);
  else entry[0]++;
  contextCounts.set(context, (contextCounts.get(context) ?? 0) + 1);
}
for (const text of learnedTexts) {
  const tokens = gibberishTokens(detectionText(text).text);
  const stream = ` ${tokens.map((token) => token.symbols).join(' ')} `;
  for (let end = 1; end < stream.length; end++) {
    for (let length = 1; length <= Math.min(characterOrder, end + 1); length++) {
      const start = end - length + 1;
      const context = hashText(stream, start, end, characterNamespace);
      count(hashText(stream, start, end + 1, characterNamespace), context, length);
    }
  }
  const shapes = Int32Array.from([startShape, ...tokens.map((token) => token.shape)], (shape) =>
    hashText(shape, 0, shape.length, shapeNamespace),
  );
  for (let end = 1; end < shapes.length; end++) {
    for (let length = 1; length <= Math.min(shapeOrder, end + 1); length++) {
      const start = end - length + 1;
      const context = hashUnits(shapes, start, end, shapeNamespace);
      count(hashUnits(shapes, start, end + 1, shapeNamespace), context, length);
    }
  }
}
const slots = new Uint8Array(2 ** bits);
const slotCounts = new Uint32Array(2 ** bits);
let stored = 0;
for (const [hash, [seen, context, length]] of counts) {
  // An n-gram seen once says little; its context's shorter n-grams speak for it.
  if (length > 1 && seen < 2) continue;
  const total = contextCounts.get(context)!;
  const slot = hash & (slots.length - 1);
  if (seen <= slotCounts[slot]!) continue;
  if (slotCounts[slot] === 0) stored++;
  slotCounts[slot] = seen;
  slots[slot] = (fingerprintOf(hash) << 4) | toLevel(-Math.log(seen / total), step);
}
console.log(`${counts.size} n-grams seen, ${stored} stored in ${slots.length} slots`);

const header: Omit<GibberishModelFile, 'table'> = {
  format: 'switchyard-gibberish-model/1',
  bits,
  characterOrder,
  shapeOrder,
  step,
  backoff,
  windowTokens,
  minimumTokens,
  weights: { character: 1, shape: 0, camelJoins: 0, brackets: 0, lineStarts: 0, punctuation: 0 },
  bias: 0,
  threshold: 0,
};
const table = new NgramTable(slots, { step, backoff });
const counting = new GibberishModel(table, header);

const random = seededRandom(Number(options.seed));
const words = vocabulary(trainTexts);
const negatives: WindowFeatures[] = learnedTexts
  .filter((_, index) => index % 2 === 0)
  .flatMap((text) => counting.windows(detectionText(text).text));
const positives: WindowFeatures[] = [];
for (let index = 0; index < 1500; index++)
  positives.push(...counting.windows(syntheticSuffix(words, random)));
const { weights, bias } = fitWindowWeights(negatives, positives);
console.log('window weights', weights, 'bias', bias.toFixed(3));

const model = new GibberishModel(table, { ...header, weights, bias });
const scoreOf = (text: string): number => model.highestLogit(detectionText(text).text);
const devScores = devTexts.map(scoreOf);
const readmeScores = chunks(readmes.checked).map(scoreOf);
const budget = Number(options.fpr);
const checkScores = [...devScores, ...readmeScores].sort((left, right) => right - left);
const allowed = Math.floor(budget * checkScores.length);
// Above every dev benign row, and within the budget on dev rows and READMEs together.
const threshold = Number((Math.max(...devScores, checkScores[allowed] ?? 0) + 0.001).toFixed(3));
const synthetic = Array.from({ length: 500 }, () => model.highestLogit(syntheticSuffix(words, random)));
const rate = (scores: number[]): number =>
  scores.filter((score) => score >= threshold).length / scores.length;
const dev = {
  benignRows: devScores.length,
  benignFalsePositiveRate: rate(devScores),
  readmeChunks: readmeScores.length,
  readmeFalsePositiveRate: Number(rate(readmeScores).toFixed(4)),
  syntheticSuffixRecall: Number(rate(synthetic).toFixed(3)),
};
console.log('threshold', threshold, dev);

const file: GibberishModelFile & { training: unknown } = {
  ...header,
  weights,
  bias,
  threshold,
  training: {
    command: 'npx tsx scripts/train-gibberish-model.ts',
    data: 'benign rows of injection-train train.jsonl (held-out sources dropped) and half of the installed npm READMEs; threshold on benign dev.jsonl rows and the other half',
    rows: { benignTrain: trainTexts.length, readmesLearned: readmes.learned.length },
    seed: Number(options.seed),
    falsePositiveBudget: budget,
    dev,
  },
  table: Buffer.from(slots).toString('base64'),
};
writeFileSync(options.out, `${JSON.stringify(file, null, 2)}\n`);
console.log(`wrote ${options.out} (${(Buffer.byteLength(JSON.stringify(file)) / 1024).toFixed(0)} KB)`);
