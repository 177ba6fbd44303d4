// What the in-process exact cache costs in memory when every answer is new (the worst case: each
// one stored, older ones evicted): 200,000 answers of about 600 bytes through a cache of the
// given size, then resident memory and the heap after a full collection, against a cache of one
// byte (which keeps nothing) in a second process, so the difference is the cache's own.
// `npx tsx --expose-gc bench/cache-memory.ts [maxBytes]` (default 16 MB).

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MemoryAnswerStore } from '../src/cache/exact/memory-answer-store.js';
import type { CachedAnswer } from '../src/cache/exact/cached-answer.js';

const answers = 200_000;
const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);

async function fill(maxBytes: number): Promise<string> {
  const store = new MemoryAnswerStore(maxBytes);
  const tags = { organizationId: 'default', projectId: null, route: 'chat', model: 'chat', namespace: '' };
  const saved = { inputTokens: 20, outputTokens: 60, usd: 0.0001 };
  for (let index = 0; index < answers; index++) {
    const body = JSON.stringify({
      id: `chatcmpl-${index}`,
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: `${index} ${'x'.repeat(300)}` } }],
      usage: { prompt_tokens: 20, completion_tokens: 60, total_tokens: 80 },
    });
    const answer: CachedAnswer = { tags, storedAt: Date.now(), content: { kind: 'json', body }, saved };
    await store.set(index.toString(16).padStart(64, '0'), answer, 3_600_000);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  let entries = 0;
  for (const _ of store.entries()) entries += 1;
  return JSON.stringify({ rss: usage.rss, heapTotal: usage.heapTotal, heapUsed: usage.heapUsed, entries });
}

if (process.argv[2] === '--child') {
  process.stdout.write(await fill(Number(process.argv[3])));
} else {
  const maxBytes = Number(process.argv[2] ?? 16 * 1024 ** 2);
  const run = (bytes: number) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(bytes)],
        { encoding: 'utf8' },
      ),
    ) as { rss: number; heapTotal: number; heapUsed: number; entries: number };
  const empty = run(1);
  const full = run(maxBytes);
  console.log(`cache of ${megabytes(maxBytes)} MB, ${answers} answers written, ${full.entries} kept`);
  console.log(
    `resident memory: ${megabytes(full.rss)} MB, ${megabytes(full.rss - empty.rss)} MB over a cache that keeps nothing`,
  );
  console.log(
    `heap: ${megabytes(full.heapUsed)} MB used (+${megabytes(full.heapUsed - empty.heapUsed)}), ${megabytes(full.heapTotal)} MB committed (+${megabytes(full.heapTotal - empty.heapTotal)})`,
  );
}
