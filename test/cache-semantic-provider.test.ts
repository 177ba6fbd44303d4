// The semantic cache with a provider's embedding model through the gateway (issue 6): prompts are
// embedded by the config's own embeddings route (a mock here, whose vectors are word counts, so
// requests with the same words are near), searched in a thread that holds no model, and each
// embedding is a request of its own in the log.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FaultUpstream } from '../src/upstream/testing/fault-upstream.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

const dimensions = 64;

/** An OpenAI-style embeddings API whose vectors count each word (hashed into 64 buckets). */
async function wordCountEmbeddings(): Promise<{ url: string; calls: () => number }> {
  let calls = 0;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      calls += 1;
      const { input } = JSON.parse(body) as { input: string[] | string };
      const texts = Array.isArray(input) ? input : [input];
      const data = texts.map((text, index) => {
        const vector = new Array<number>(dimensions).fill(0);
        for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
          let hash = 0;
          for (const character of word) hash = (hash * 31 + character.charCodeAt(0)) % dimensions;
          vector[hash] = (vector[hash] ?? 0) + 1;
        }
        return { object: 'embedding', index, embedding: vector };
      });
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          object: 'list',
          data,
          model: 'words',
          usage: { prompt_tokens: 5, total_tokens: 5 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls: () => calls };
}

async function ask(gateway: TestGateway, content: string) {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` },
    body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content }] }),
  });
  await response.arrayBuffer();
  return response.headers.get('x-switchyard-cache');
}

/**
 * A gateway whose `chat` route caches by meaning, embedded through its `embed` route (a word-count
 * mock), with `semantic` settings, `extra` top-level YAML and the route's `cacheFields`; started,
 * its index ready.
 */
async function semanticGateway(semantic: string, extra = '', cacheFields = '') {
  const chat = await new FaultUpstream().start();
  onTestFinished(() => chat.stop());
  const embeddings = await wordCountEmbeddings();
  const gateway = await startTestGateway(`
providers:
  chat-upstream: { type: openai, baseUrl: ${chat.origin}/v1, apiKey: chat-key }
  embeddings-upstream: { type: openai, baseUrl: ${embeddings.url}/v1, apiKey: embed-key }
models:
  embed:
    kind: embeddings
    targets: [{ provider: embeddings-upstream, model: text-embedding-3-small }]
  chat:
    cache: { enabled: true, ${cacheFields}semantic: { embedder: embed, budgetMs: 2000${semantic === '' ? '' : `, ${semantic}`} } }
    targets: [{ provider: chat-upstream, model: gpt-4o-mini }]
${extra}`);
  onTestFinished(() => gateway.close());
  // The first lookup starts the index's thread (no model to load: it is quick).
  await ask(gateway, 'start the index please');
  await expect
    .poll(() => gateway.lines.some((line) => line.startsWith('Semantic cache ready: gateway:embed')), {
      timeout: 10_000,
    })
    .toBe(true);
  return { chat, embeddings, gateway };
}

describe('semantic cache with a provider embedder', () => {
  it('embeds through the embeddings route, calibrates, then serves by meaning', async () => {
    const { chat, embeddings, gateway } = await semanticGateway(
      'errorBudget: 0.25, verifyShare: 0, minimumScore: 0.3',
      'records:\n  flushIntervalMs: 20\n',
    );
    const wordings = Array.from({ length: 12 }, (_, index) =>
      `please tell me the opening hours of the library ${'today '.repeat(index % 3)}`.trim(),
    ).map((text, index) => `${text} ${['now', 'thanks', 'friend', 'quickly'][index % 4]}`);
    for (const [index, wording] of wordings.entries()) {
      const cache = await ask(gateway, `${wording} ${index}`);
      if (index <= 10) expect(cache).toBe('miss');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const before = chat.requests;
    expect(await ask(gateway, 'please tell me the opening hours of the library now')).toBe('semantic-hit');
    expect(chat.requests).toBe(before);
    expect(await ask(gateway, 'what is the weather like in lisbon tomorrow')).toBe('miss');
    // Every embedding was a request of its own through the embeddings route.
    expect(embeddings.calls()).toBeGreaterThanOrEqual(14);
    const embedRecords = async () => {
      const records = await fetch(`${gateway.url}/admin/records?model=embed&limit=100`, {
        headers: { authorization: `Bearer ${gateway.adminToken}` },
      });
      return ((await records.json()) as { data: Array<{ operation: string; provider: string }> }).data;
    };
    await expect.poll(async () => (await embedRecords()).length).toBe(embeddings.calls());
    const logged = await embedRecords();
    expect(
      logged.every(
        (record) => record.operation === 'embeddings' && record.provider === 'embeddings-upstream',
      ),
    ).toBe(true);
    // Each chat request's record says how its semantic lookup ended, newest first.
    interface Logged {
      cache: string;
      semantic: { outcome: string; score: number | null; threshold: number | null } | null;
    }
    const chatRecords = async (filter = '') => {
      const records = await fetch(`${gateway.url}/admin/records?model=chat&limit=100${filter}`, {
        headers: { authorization: `Bearer ${gateway.adminToken}` },
      });
      return ((await records.json()) as { data: Logged[] }).data;
    };
    await expect.poll(async () => (await chatRecords()).length).toBe(15);
    const [unlike, served, ...earlier] = await chatRecords();
    // The weather question's nearest neighbour was similar enough to judge, not to serve.
    expect(unlike).toMatchObject({ cache: 'miss', semantic: { outcome: 'checked' } });
    const { score, threshold } = unlike!.semantic!;
    expect(score).toBeGreaterThanOrEqual(0.3);
    expect(score).toBeLessThan(threshold!);
    expect(served).toMatchObject({ cache: 'semantic-hit', semantic: { outcome: 'served' } });
    expect(served!.semantic!.score).toBeGreaterThanOrEqual(served!.semantic!.threshold!);
    // The first requests met a route with no verdicts yet.
    expect(earlier.at(-1)).toEqual(
      expect.objectContaining({
        cache: 'miss',
        semantic: { outcome: 'calibrating', score: null, threshold: null },
      }),
    );
    // The log filters on the outcome (`switchyard logs --semantic checked`).
    expect(await chatRecords('&semantic=checked')).toEqual([unlike]);
    const calibrating = await chatRecords('&semantic=calibrating');
    expect(calibrating.length).toBeGreaterThan(0);
    expect(calibrating).toEqual(earlier.filter((record) => record.semantic?.outcome === 'calibrating'));
  });
});

describe('semantic index and the exact cache it points into', () => {
  it('forgets the prompts of answers the store evicted, and of those purged', async () => {
    // 64 KB of answers: two blocks of 32 KB, each a few dozen answers; the oldest block goes whole.
    const { gateway } = await semanticGateway('', 'cache:\n  maxBytes: 64kb\n');
    const metric = async (name: string): Promise<number> => {
      const text = await (await fetch(`${gateway.url}/metrics`)).text();
      const value = new RegExp(`^${name}\\{embedder="gateway:embed"\\} (\\d+)$`, 'm').exec(text)?.[1];
      return Number(value ?? Number.NaN);
    };
    const prompts = 200;
    for (let number = 0; number < prompts; number++) {
      // Distinct words: no prompt is near another.
      expect(await ask(gateway, `question ${number.toString(36)} about ${'xyzw'[number % 4]}${number}`)).toBe(
        'miss',
      );
    }
    // Filing a prompt follows its answer's storing: wait until the last one is in.
    await expect
      .poll(() => metric('switchyard_semantic_index_removed_total'), { timeout: 10_000 })
      .toBeGreaterThan(0);
    const entries = await metric('switchyard_semantic_index_entries');
    const removed = await metric('switchyard_semantic_index_removed_total');
    // Every prompt was filed once; the index holds only those whose answers the 64 KB still holds.
    expect(entries + removed).toBeGreaterThanOrEqual(prompts);
    expect(entries).toBeLessThan(prompts / 2);
    expect(entries).toBeGreaterThan(0);
    const purge = await fetch(`${gateway.url}/admin/cache?all=true`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${gateway.adminToken}` },
    });
    expect(purge.status).toBe(200);
    await expect.poll(() => metric('switchyard_semantic_index_entries')).toBe(0);
  });
});

describe('semantic index and expiring answers', () => {
  it('passes by the prompts of answers that expired, instead of finding them gone', async () => {
    const { gateway } = await semanticGateway('', '', 'ttlMs: 1000, ');
    const lookups = async (outcome: string): Promise<number> => {
      const text = await (await fetch(`${gateway.url}/metrics`)).text();
      const pattern = new RegExp(
        `^switchyard_semantic_lookups_total\\{route="chat",outcome="${outcome}"\\} (\\d+)$`,
        'm',
      );
      return Number(pattern.exec(text)?.[1] ?? 0);
    };
    expect(await ask(gateway, 'how do i reset my password')).toBe('miss');
    // Its prompt is filed once its answer is stored; a paraphrase then finds it (checked: calibrating).
    const endings = ['please', 'thanks', 'today', 'again', 'quickly'];
    let asked = 0;
    await expect
      .poll(
        async () => {
          await ask(gateway, `how do i reset my password ${endings[asked++ % endings.length]}`);
          return lookups('checked');
        },
        { timeout: 5000 },
      )
      .toBeGreaterThan(0);
    const far = await lookups('far');
    // Both answers expire after a second: the next paraphrase finds no live neighbour at all.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await ask(gateway, 'how do i reset my password now')).toBe('miss');
    await expect.poll(() => lookups('far')).toBe(far + 1);
    expect(await lookups('gone')).toBe(0);
  });
});
