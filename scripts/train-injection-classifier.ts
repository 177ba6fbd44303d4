// Trains the prompt-injection classifier offline and writes its weights, with the thresholds
// chosen on the dev split, to src/guard/injection/weights/injection-classifier.json.
// Logistic regression over hashed n-grams, plain SGD with L2, class-balanced, seeded: the same
// data and options give the same file. Rows of the held-out sources
// (src/guard/injection/weights/held-out-sources.json) are dropped from training and tuning; only
// bench/injection-eval.ts reads them.
// Run: npx tsx scripts/train-injection-classifier.ts [--data DIR] [--epochs 8] [--l2 1e-3]
//      [--learning-rate 8] [--bits 17] [--seed 20261126] [--prompt-fpr 0.01] [--document-fpr 0.005]

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InjectionClassifier } from '../src/guard/injection/classifier.js';
import { detectionText } from '../src/guard/injection/detection-text.js';
import { hashFeatures } from '../src/guard/injection/feature-hashing.js';
import {
  injectionDetector,
  ruleTripScore,
  type DetectionMode,
  type InjectionVerdict,
} from '../src/guard/injection/injection-detector.js';
import { rulePackVersion } from '../src/guard/injection/rule-pack.js';
import { seededRandom } from './seeded-random.js';

interface Row {
  text: string;
  label: 'injection' | 'benign';
  source: string;
}

interface Example {
  codes: Int32Array;
  scale: number;
  target: number;
  source: string;
}

const { values: options } = parseArgs({
  options: {
    data: {
      type: 'string',
      default: fileURLToPath(new URL('../../shared/data/injection-train', import.meta.url)),
    },
    epochs: { type: 'string', default: '8' },
    l2: { type: 'string', default: '1e-3' },
    'learning-rate': { type: 'string', default: '8' },
    bits: { type: 'string', default: '17' },
    seed: { type: 'string', default: '20261126' },
    'prompt-fpr': { type: 'string', default: '0.01' },
    'document-fpr': { type: 'string', default: '0.005' },
    out: {
      type: 'string',
      default: fileURLToPath(
        new URL('../src/guard/injection/weights/injection-classifier.json', import.meta.url),
      ),
    },
  },
});

const epochs = Number(options.epochs);
const l2 = Number(options.l2);
const learningRate = Number(options['learning-rate']);
const bits = Number(options.bits);
const seed = Number(options.seed);
const windowLength = 4000;

const heldOutFile = new URL('../src/guard/injection/weights/held-out-sources.json', import.meta.url);
const heldOut = JSON.parse(readFileSync(heldOutFile, 'utf8')) as {
  injection: Array<{ source: string }>;
  benign: Array<{ source: string }>;
};
const heldOutSources = new Set([...heldOut.injection, ...heldOut.benign].map((entry) => entry.source));

function readRows(name: string): Row[] {
  const lines = readFileSync(`${options.data}/${name}`, 'utf8').split('\n');
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row)
    .filter((row) => !heldOutSources.has(row.source));
}

function toExample(row: Row): Example {
  const text = detectionText(row.text).text.slice(0, windowLength);
  const { codes, count } = hashFeatures(text, bits);
  return {
    codes: codes.slice(0, count),
    scale: count > 0 ? 1 / Math.sqrt(count) : 0,
    target: row.label === 'injection' ? 1 : 0,
    source: row.source,
  };
}

function train(examples: Example[], quiet = false): { weights: Float64Array; bias: number } {
  const weights = new Float64Array(2 ** bits);
  let bias = 0;
  const positives = examples.filter((example) => example.target === 1).length;
  // Each class carries half of the total loss, whatever its row count.
  const classWeight = [
    examples.length / (2 * (examples.length - positives)),
    examples.length / (2 * positives),
  ];
  const random = seededRandom(seed);
  const order = examples.map((_, index) => index);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let index = order.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [order[index], order[other]] = [order[other]!, order[index]!];
    }
    const rate = learningRate / (1 + epoch);
    let loss = 0;
    for (const position of order) {
      const example = examples[position]!;
      let logit = bias;
      for (const code of example.codes) {
        const weight = weights[code >>> 1]!;
        logit += (code & 1 ? weight : -weight) * example.scale;
      }
      const probability = 1 / (1 + Math.exp(-logit));
      const importance = classWeight[example.target]!;
      loss -= importance * Math.log(example.target === 1 ? probability + 1e-12 : 1 - probability + 1e-12);
      const step = rate * importance * (probability - example.target);
      bias -= step;
      for (const code of example.codes) {
        const bucket = code >>> 1;
        const gradient = (code & 1 ? step : -step) * example.scale;
        weights[bucket] = weights[bucket]! * (1 - rate * l2) - gradient;
      }
    }
    if (!quiet) console.log(`epoch ${epoch + 1}/${epochs}: mean loss ${(loss / examples.length).toFixed(4)}`);
  }
  return { weights, bias };
}

function quantize(weights: Float64Array): { scale: number; bytes: Buffer } {
  let largest = 0;
  for (const weight of weights) largest = Math.max(largest, Math.abs(weight));
  const scale = largest / 127 || 1;
  const bytes = Buffer.alloc(weights.length);
  for (let index = 0; index < weights.length; index++) {
    bytes.writeInt8(Math.max(-127, Math.min(127, Math.round(weights[index]! / scale))), index);
  }
  return { scale, bytes };
}

/**
 * Lowest threshold whose false-positive rate on the benign scores stays within `rate`. Rows the
 * rules trip on their own come as +Infinity: they use up the budget whatever the threshold.
 */
function thresholdFor(benignScores: number[], rate: number): number {
  const sorted = [...benignScores].sort((left, right) => right - left);
  const allowed = Math.floor(rate * sorted.length);
  const above = allowed === 0 ? 1 : Math.min(1, sorted[allowed - 1]!);
  const below = Math.min(1, sorted[allowed] ?? 0);
  return Math.max(0.5, (above + below) / 2);
}

function round(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}

/**
 * Scores every dev row with a model trained without the row's source, so the threshold is set on
 * sources the model has not seen, as in production, and not on templates it memorised
 * (a model that saw the source scores its dev rows far more confidently than new text).
 */
function sourceOutScores(trainExamples: Example[], devRows: Row[]): Map<Row, Record<DetectionMode, number>> {
  const scoreOf = (verdict: InjectionVerdict): number =>
    verdict.ruleScore >= ruleTripScore ? Number.POSITIVE_INFINITY : verdict.score;
  const scores = new Map<Row, Record<DetectionMode, number>>();
  const sources = [...new Set(devRows.map((row) => row.source))].sort();
  for (const source of sources) {
    const fold = train(
      trainExamples.filter((example) => example.source !== source),
      true,
    );
    const detect = injectionDetector({
      classifier: new InjectionClassifier(Float32Array.from(fold.weights), fold.bias, windowLength),
      thresholds: { prompt: 0.5, document: 0.5 },
    });
    for (const row of devRows.filter((candidate) => candidate.source === source)) {
      scores.set(row, {
        prompt: scoreOf(detect(row.text, 'prompt')),
        document: scoreOf(detect(row.text, 'document')),
      });
    }
    console.log(
      `source-out fold without ${source}: ${devRows.filter((row) => row.source === source).length} dev rows scored`,
    );
  }
  return scores;
}

const trainRows = readRows('train.jsonl');
const devRows = readRows('dev.jsonl');
console.log(`training on ${trainRows.length} rows, tuning on ${devRows.length} (held-out sources dropped)`);
const trainExamples = trainRows.map(toExample);
const { weights, bias } = train(trainExamples);
const { scale, bytes } = quantize(weights);
const classifier = new InjectionClassifier(
  Float32Array.from(bytes, (_, index) => bytes.readInt8(index) * scale),
  bias,
  windowLength,
);
const shipped = injectionDetector({ classifier, thresholds: { prompt: 0.5, document: 0.5 } });
const sourceOut = sourceOutScores(trainExamples, devRows);

interface Outcome {
  recall: number;
  falsePositiveRate: number;
  precision: number;
}

function outcome(scored: Array<{ row: Row; score: number }>, threshold: number): Outcome {
  const injections = scored.filter((entry) => entry.row.label === 'injection');
  const benign = scored.filter((entry) => entry.row.label === 'benign');
  const caught = injections.filter((entry) => entry.score >= threshold).length;
  const falsePositives = benign.filter((entry) => entry.score >= threshold).length;
  return {
    recall: round(caught / injections.length),
    falsePositiveRate: round(falsePositives / benign.length),
    precision: round(caught / Math.max(1, caught + falsePositives)),
  };
}

const thresholds = { prompt: 0.5, document: 0.5 };
const devReport: Record<string, unknown> = {};
for (const mode of ['prompt', 'document'] as DetectionMode[]) {
  const outOfSource = devRows.map((row) => ({ row, score: sourceOut.get(row)![mode] }));
  const benign = outOfSource.filter((entry) => entry.row.label === 'benign').map((entry) => entry.score);
  const budget = Number(mode === 'prompt' ? options['prompt-fpr'] : options['document-fpr']);
  thresholds[mode] = round(thresholdFor(benign, budget), 6);
  const inSource = devRows.map((row) => {
    const verdict = shipped(row.text, mode);
    return { row, score: verdict.ruleScore >= ruleTripScore ? Number.POSITIVE_INFINITY : verdict.score };
  });
  devReport[mode] = {
    threshold: thresholds[mode],
    sourceOut: outcome(outOfSource, thresholds[mode]),
    shippedModel: outcome(inSource, thresholds[mode]),
  };
  console.log(`dev ${mode}:`, JSON.stringify(devReport[mode]));
}
const perSource: Record<string, string> = {};
for (const source of [...new Set(devRows.map((row) => row.source))].sort()) {
  const rows = devRows.filter((row) => row.source === source);
  const tripped = rows.filter((row) => sourceOut.get(row)!.prompt >= thresholds.prompt).length;
  perSource[source] = `${rows[0]!.label}: ${tripped}/${rows.length} tripped (source-out, prompt mode)`;
}
console.log(perSource);

const file = {
  format: 'switchyard-injection-classifier/1',
  bits,
  scale,
  bias,
  windowLength,
  thresholds,
  rulePackVersion,
  training: {
    command: 'npx tsx scripts/train-injection-classifier.ts',
    data: 'injection-train (train.jsonl; thresholds on dev.jsonl), held-out sources dropped',
    heldOutSources: [...heldOutSources],
    rows: { train: trainRows.length, dev: devRows.length },
    epochs,
    l2,
    learningRate,
    seed,
    promptFalsePositiveBudget: Number(options['prompt-fpr']),
    documentFalsePositiveBudget: Number(options['document-fpr']),
    thresholdPolicy:
      'lowest threshold whose false-positive rate on the dev benign rows stays within the budget, each dev row scored by a model trained without its source',
    dev: devReport,
    devPerSource: perSource,
  },
  weights: bytes.toString('base64'),
};
writeFileSync(options.out, `${JSON.stringify(file, null, 2)}\n`);
console.log(`wrote ${options.out} (${(Buffer.byteLength(JSON.stringify(file)) / 1024).toFixed(0)} KB)`);
