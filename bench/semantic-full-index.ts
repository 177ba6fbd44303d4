// The whole gateway with a full semantic index: 100,000 cached prompts, as a cluster holds them
// (answers in Redis, the index in each replica's encoder thread). Redis is filled once with
// 100,000 answers of a semantic route, each with its prompt's int8 embedding (random directions,
// one partition); then each round starts a fresh `switchyard serve` (the built code) on that
// Redis, and the first request starts the encoder thread, which rebuilds its index from the
// stored answers. Resident memory is read after the rebuild, after 300 distinct prompts sent one
// at a time, and once the process has been idle for 30 s (V8 shrinks its young generation after
// some idle seconds); the peak is VmHWM. A gateway on the same Redis with a plain route is the
// baseline. Needs Redis at 127.0.0.1:6379 (or REDIS_URL).
// `npm run build && npx tsx bench/semantic-full-index.ts [rounds]` (default 3; writes
// bench/results/semantic-full-index.md).

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { RedisAnswerStore } from '../src/cache/exact/redis-answer-store.js';
import type { CachedAnswer } from '../src/cache/exact/cached-answer.js';
import { seededRandom } from '../src/cache/semantic/test-vectors.js';
import { useDimensions, useModel } from '../src/cache/semantic/use-embedder.js';
import { defaultApiKey, startMockUpstream } from './mock-upstream.js';
import { samplePrompt } from './sample-prompts.js';
import { spawnGateway, type SpawnedGateway } from './spawn-gateway.js';
import { readPeakBytes, readRssBytes } from './process-stats.js';
import { formatRounds } from './format.js';

const resultsFile = fileURLToPath(new URL('./results/semantic-full-index.md', import.meta.url));
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const entries = 100_000;
const prompts = 300;
const settleMs = 30_000;

interface Sample {
  /** After start, before any request. */
  idle: number;
  /** Once the first request's thread has indexed every stored prompt (the plain route: the same moment). */
  rebuilt: number;
  afterPrompts: number;
  settled: number;
  peak: number;
  indexed: number;
}

/** Resident memory now, or at its peak, in MB (10⁶ bytes, as the core benchmark's goal counts them). */
function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  return (field === 'VmRSS' ? readRssBytes(pid) : readPeakBytes(pid)) / 1e6;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A short answer as the mock gives it (about 20 words), stored with its prompt's embedding. */
function storedAnswer(index: number, codes: Int8Array): CachedAnswer {
  const content = samplePrompt(20, index);
  const body = JSON.stringify({
    id: `chatcmpl-${index}`,
    object: 'chat.completion',
    created: 1_764_000_000,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 20, completion_tokens: 26, total_tokens: 46 },
  });
  return {
    tags: { organizationId: 'bench-org', projectId: null, route: 'bench', model: 'bench', namespace: '' },
    storedAt: Date.now(),
    content: { kind: 'json', body },
    saved: { inputTokens: 20, outputTokens: 26, usd: 0.000_02 },
    meaning: {
      partition: 'bench-partition',
      vector: Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength).toString('base64'),
      embedder: useModel,
    },
  };
}

async function fill(prefix: string): Promise<void> {
  const store = await RedisAnswerStore.connect({
    url: redisUrl,
    prefix,
    readTimeoutMs: 10_000,
    onError: (error) => {
      throw error;
    },
  });
  const random = seededRandom(12);
  const codes = new Int8Array(useDimensions);
  try {
    for (let start = 0; start < entries; start += 1000) {
      const writes: Array<Promise<void>> = [];
      for (let index = start; index < Math.min(entries, start + 1000); index++) {
        for (let dimension = 0; dimension < codes.length; dimension++)
          codes[dimension] = Math.round(random() * 254 - 127);
        const digest = index.toString(16).padStart(64, '0');
        writes.push(store.set(digest, storedAnswer(index, codes), 24 * 3600 * 1000));
      }
      await Promise.all(writes);
    }
  } finally {
    await store.close();
  }
}

async function clear(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function ask(gateway: SpawnedGateway, content: string): Promise<void> {
  const response = await fetch(`${gateway.origin}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'bench', messages: [{ role: 'user', content }] }),
  });
  await response.text();
  if (response.status !== 200) throw new Error(`status ${response.status}`);
}

async function round(prefix: string, semantic: boolean): Promise<Sample> {
  const mock = await startMockUpstream();
  const directory = mkdtempSync(join(tmpdir(), 'switchyard-full-index-'));
  const cache = semantic
    ? '    cache: { enabled: true, semantic: { errorBudget: 0.01 } }\n'
    : '    cache: { enabled: true }\n';
  writeFileSync(
    join(directory, 'switchyard.yaml'),
    `storage:\n  redisUrl: ${redisUrl}\n  redisPrefix: '${prefix}'\ncache:\n  store: redis\n` +
      `providers:\n  mock: { type: openai-compatible, baseUrl: '${mock.url}/v1', apiKey: '${defaultApiKey}' }\n` +
      `models:\n  bench:\n${cache}    targets: [{ provider: mock, model: gpt-4o-mini }]\n`,
  );
  let output = '';
  const gateway = await spawnGateway(directory, { ...process.env });
  gateway.child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  gateway.child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await pause(2000);
    const idle = status(gateway.pid, 'VmRSS');
    await ask(gateway, 'start the index');
    let indexed = 0;
    if (semantic) {
      const started = Date.now();
      for (;;) {
        const ready = /Semantic cache ready: .*?(?:, (\d+) cached prompts indexed)?\.\n/.exec(output);
        if (ready !== null) {
          indexed = Number(ready[1] ?? 0);
          break;
        }
        if (Date.now() - started > 300_000) throw new Error(`the index did not rebuild: ${output}`);
        await pause(100);
      }
    }
    await pause(2000);
    const rebuilt = status(gateway.pid, 'VmRSS');
    for (let index = 0; index < prompts; index++) await ask(gateway, samplePrompt(12, index));
    await pause(2000);
    const afterPrompts = status(gateway.pid, 'VmRSS');
    await pause(settleMs);
    return {
      idle,
      rebuilt,
      afterPrompts,
      settled: status(gateway.pid, 'VmRSS'),
      peak: status(gateway.pid, 'VmHWM'),
      indexed,
    };
  } finally {
    await gateway.stop();
    await mock.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

const rounds = Number(process.argv[2] ?? 3);
const prefix = `bench-full-index-${randomBytes(4).toString('hex')}:`;
const filling = Date.now();
await fill(prefix);
console.error(`${entries} answers stored in Redis in ${((Date.now() - filling) / 1000).toFixed(1)} s`);
const samples: Record<'plain' | 'semantic', Sample[]> = { plain: [], semantic: [] };
try {
  for (let index = 0; index < rounds; index++) {
    for (const kind of ['plain', 'semantic'] as const) {
      samples[kind].push(await round(prefix, kind === 'semantic'));
      console.error(`round ${index + 1} of ${rounds}: ${kind} done`);
    }
  }
} finally {
  await clear(prefix);
}
const figure = (list: Sample[], field: Exclude<keyof Sample, 'indexed'>) =>
  formatRounds(list.map((sample) => sample[field]));
const row = (name: string, list: Sample[]) =>
  `| ${name} | ${figure(list, 'idle')} | ${figure(list, 'rebuilt')} | ${figure(list, 'afterPrompts')} | ` +
  `${figure(list, 'settled')} | ${figure(list, 'peak')} |`;
const text = [
  '# The gateway with a full semantic index (100,000 prompts): resident memory',
  '',
  `\`npm run build && npx tsx bench/semantic-full-index.ts ${rounds}\` on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ` +
    `${new Date().toISOString().slice(0, 10)}. Answers in Redis (${entries.toLocaleString('en')} of a semantic route, each with its`,
  `prompt's int8 embedding); a fresh \`switchyard serve\` per round on that Redis. MB of VmRSS: 2 s after start, 2 s after the`,
  `first request's thread indexed the stored prompts (semantic: ${samples.semantic.map((sample) => sample.indexed).join(', ')} indexed), 2 s after`,
  `${prompts} distinct prompts one at a time, after ${settleMs / 1000} s idle; and the peak (VmHWM). Medians; per round in brackets.`,
  '',
  '| route | idle | index rebuilt | after the prompts | settled | peak |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  row('exact cache only', samples.plain),
  row('semantic cache, 100k prompts', samples.semantic),
  '',
].join('\n');
writeFileSync(resultsFile, text);
console.log(text);
