// The semantic cache end to end (issue 6), with the real embedded sentence encoder in its worker
// thread: a route serves nothing by meaning until verdicts on would-be hits (checked against the
// upstream's fresh answers) show its error budget holds; then a request that means the same as a
// cached one is answered from the cache, and an unrelated one still goes upstream.

import { describe, expect, it } from 'vitest';
import { resolveModel } from '../src/config/resolve-model.js';
import { startFaultGateway } from './support/fault-gateway.js';
import type { TestGateway } from './support/test-gateway.js';

async function ask(gateway: TestGateway, content: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}`, ...headers },
    body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content }] }),
  });
  await response.arrayBuffer();
  return {
    cache: response.headers.get('x-switchyard-cache'),
    similarity: response.headers.get('x-switchyard-cache-similarity'),
  };
}

/** Cached answers filed by meaning (stored with their prompt's vector). */
async function filedAnswers(gateway: TestGateway): Promise<number> {
  let filed = 0;
  await gateway.gateway.answers!.scanMeanings(() => (filed += 1));
  return filed;
}

const paraphrases = [
  'What is the capital of France?',
  'What is the capital city of France?',
  "What's the capital of France?",
  'Which city is the capital of France?',
  'Tell me the capital of France.',
  'Name the capital of France.',
  'What city is the French capital?',
  'Capital of France?',
  'What is the capital of France called?',
  'Do you know the capital of France?',
  'What is the name of the capital of France?',
  'Which city serves as the capital of France?',
  'France: what is its capital?',
];

describe('semantic cache', () => {
  it(
    'serves nothing by meaning until calibrated, then serves paraphrases and not unrelated questions',
    { timeout: 60_000 },
    async () => {
      const { gateway, upstreams } = await startFaultGateway(
        { upstream: {} },
        `models:
  chat:
    cache: { enabled: true, semantic: { errorBudget: 0.25, verifyShare: 0, minimumScore: 0.3, budgetMs: 2000 } }
    targets: [{ provider: upstream, model: gpt-4o-mini }]
`,
      );
      // The first request starts the encoder's thread; until it has loaded, lookups miss. These
      // carry no-store: they leave neither entries nor verdicts behind.
      const noStore = { 'cache-control': 'no-store' };
      await ask(gateway, 'Warm-up question about nothing in particular.', noStore);
      await expect
        .poll(() => gateway.lines.some((line) => line.startsWith('Semantic cache ready:')), {
          timeout: 30_000,
        })
        .toBe(true);
      // Each paraphrase is a would-be hit of an earlier one: sent upstream, its verdict recorded. A
      // 25% budget at 95% confidence needs 11 verdicts before anything is served by meaning.
      let misses = 0;
      for (const [index, question] of paraphrases.entries()) {
        const answer = await ask(gateway, question);
        if (index <= 10) expect(answer.cache).toBe('miss');
        if (answer.cache === 'miss') misses += 1;
        // Each miss's answer is stored and its prompt filed once its lookup is done (on a loaded
        // machine, after the response): the next question must find it.
        await expect.poll(() => filedAnswers(gateway), { timeout: 10_000 }).toBe(misses);
      }
      // Verdicts are given once each answer is stored and its lookup done (the lookup runs beside
      // the upstream call while the route cannot serve): wait for the calibration, not a fixed time.
      const route = resolveModel(gateway.gateway.configs.current, 'chat', 'chat')!;
      const calibrator = gateway.gateway.semantic!.calibrator(`chat\u0000${route.cache!.routeDigest}`, {
        errorBudget: 0.25,
        confidence: 0.95,
      });
      await expect.poll(() => calibrator.threshold, { timeout: 10_000 }).toBeLessThan(1);
      const before = upstreams.upstream!.requests;
      const served = await ask(gateway, 'What is the capital of France ?');
      expect(served.cache).toBe('semantic-hit');
      expect(Number(served.similarity)).toBeGreaterThan(0.9);
      expect(upstreams.upstream!.requests).toBe(before);
      const unrelated = await ask(gateway, 'How long should I bake a loaf of sourdough bread?');
      expect(unrelated.cache).toBe('miss');
      expect(upstreams.upstream!.requests).toBe(before + 1);
      // The encoder reads 128 tokens: two prompts alike over that much and different after it
      // would get one vector. Neither is looked up by meaning nor filed; the exact cache still works.
      const document = `Here is our travel policy: ${'Employees book economy class for every flight. '.repeat(20)}`;
      const first = await ask(gateway, `${document} Question: may I fly business class to Tokyo?`);
      const second = await ask(gateway, `${document} Question: who approves hotel bills over 200 euros?`);
      expect([first.cache, second.cache]).toEqual(['miss', 'miss']);
      expect(upstreams.upstream!.requests).toBe(before + 3);
      const again = await ask(gateway, `${document} Question: may I fly business class to Tokyo?`);
      expect(again.cache).toBe('hit');
      expect(upstreams.upstream!.requests).toBe(before + 3);
      // How the lookups ended, on /metrics: the two long prompts, the served paraphrases, and the
      // would-be hits that were checked against the upstream's answers while calibrating.
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      const lookups = (outcome: string): number =>
        Number(
          metrics.match(
            new RegExp(
              `^switchyard_semantic_lookups_total\\{route="chat",outcome="${outcome}"\\} (\\d+)$`,
              'm',
            ),
          )?.[1] ?? 0,
        );
      expect(lookups('too-long')).toBe(2);
      expect(lookups('served')).toBe(paraphrases.length - misses + 1);
      expect(lookups('checked')).toBeGreaterThanOrEqual(11);
      // The index's figures, by embedder: every prompt filed so far (the too-long ones are not).
      const indexed = Number(
        metrics.match(
          /^switchyard_semantic_index_entries\{embedder="use-lite-int8@energetic-ai-0\.2\.0"\} (\d+)$/m,
        )?.[1] ?? 0,
      );
      expect(indexed).toBeGreaterThanOrEqual(misses);
      expect(metrics).toMatch(
        /^switchyard_semantic_index_bytes\{embedder="use-lite-int8@energetic-ai-0\.2\.0"\} [1-9]\d*$/m,
      );
      // Another project's key shares no partition with these entries.
      const created = await fetch(`${gateway.url}/admin/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'other', projectId: 'elsewhere' }),
      });
      const { key } = (await created.json()) as { key: string };
      const other = await ask(gateway, 'What is the capital of France ?', { authorization: `Bearer ${key}` });
      expect(other.cache).toBe('miss');
    },
  );
});
