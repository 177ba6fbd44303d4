// A cache hit saves what the served answer cost, not the hedge it won: the losing attempt is in the
// miss's record (cost.calledOff), but a replay from the cache would never have started it, so
// `cost.saved.usd` and switchyard_cache_saved_usd_total leave it out (audit observation O2).

import { describe, expect, it } from 'vitest';
import { completion } from './fixtures/openai-wire.js';
import { fetchRecord } from './support/fetch-record.js';
import { providerSuite } from './support/provider-suite.js';

const suite = providerSuite(
  (mockUrl) => `
providers:
  openai: { type: openai, baseUrl: ${mockUrl}/v1, apiKey: k-o }
defaults:
  retry: { attempts: 0, baseDelayMs: 1, maxDelayMs: 5 }
models:
  hedged:
    cache: { enabled: true }
    hedge: { delayMs: 30 }
    targets: [{ provider: openai, model: gpt-4o-2024-08-06 }, { provider: openai, model: gpt-4o-mini-2024-07-18 }]
`,
);

async function ask(): Promise<{ id: string; cache: string | null }> {
  const { response } = await suite.openai.chat.completions
    .create({ model: 'hedged', messages: [{ role: 'user', content: 'hedge me, then cache me' }] })
    .withResponse();
  return { id: response.headers.get('x-request-id')!, cache: response.headers.get('x-switchyard-cache') };
}

describe('cache savings of a hedged answer', () => {
  it('a hit saves the served answer’s cost, without the called-off hedge loser', async () => {
    let requests = 0;
    suite.mock.validate(() => {
      requests += 1;
      return requests === 1 ? { kind: 'hang' } : { kind: 'json', body: completion() };
    });
    const miss = await ask();
    const missRecord = await fetchRecord(suite.gateway, miss.id);
    expect(missRecord.cost.calledOff).toHaveLength(1);
    const servedUsd = missRecord.cost.lines.reduce((sum: number, line: any) => sum + line.usd, 0);
    expect(missRecord.cost.usd).toBeGreaterThan(servedUsd);

    await expect.poll(async () => (await ask()).cache, { timeout: 2000 }).toBe('hit');
    const hit = await ask();
    const hitRecord = await fetchRecord(suite.gateway, hit.id);
    expect(hitRecord.cost.saved).toEqual({
      inputTokens: missRecord.usage.inputTokens,
      outputTokens: missRecord.usage.outputTokens,
      usd: expect.closeTo(servedUsd, 12),
    });
    expect(hitRecord.cost.saved.usd).toBeLessThan(missRecord.cost.usd);
  });
});
