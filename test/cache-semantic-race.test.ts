// A semantic route with `race: true`: the request goes upstream while the lookup runs. A hit that
// comes first answers and calls the upstream call off (recorded as called off, and priced); a
// miss never waits for the lookup. The index is a fake one (its lookups take a set time and find
// the last filed prompt), so the test is about the race, not about meaning.

import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useModel } from '../src/cache/semantic/use-embedder.js';
import { SemanticCache, type SemanticIndex } from '../src/server/semantic-cache.js';
import type { ThresholdCalibrator } from '../src/cache/semantic/threshold-calibrator.js';
import { startFaultGateway } from './support/fault-gateway.js';
import { fetchRecord } from './support/fetch-record.js';

/** An index whose lookups take `delayMs` and find the last filed prompt (when `finds`). */
function fakeIndex(control: { delayMs: number; finds: boolean; filed: string[] }) {
  let last: string | undefined;
  const vector = new Float32Array([0.6, 0.8]);
  const index: SemanticIndex = {
    model: useModel,
    dimensions: 2,
    lookup: async () => {
      await new Promise((resolve) => setTimeout(resolve, control.delayMs));
      const hits = control.finds && last !== undefined ? [{ id: last, score: 0.99 }] : [];
      return { status: 'searched', hits, vector };
    },
    lookupVector: async () => ({ status: 'searched', hits: [], vector }),
    add: async (id) => {
      last = id;
      control.filed.push(id);
    },
    addMany: async (ids) => ids.length,
    remove: async (ids) => ids.length,
    close: async () => undefined,
  };
  return index;
}

/** A semantic cache whose every route is already calibrated to serve (12 agreeing verdicts). */
class CalibratedCache extends SemanticCache {
  override calibrator(...args: Parameters<SemanticCache['calibrator']>): ThresholdCalibrator {
    const calibrator = super.calibrator(...args);
    while (calibrator.samples < 12) calibrator.record(0.9, true);
    return calibrator;
  }
}

async function ask(url: string, key: string, content: string) {
  const started = performance.now();
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content }] }),
  });
  const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  return {
    status: response.status,
    cache: response.headers.get('x-switchyard-cache'),
    id: response.headers.get('x-request-id')!,
    text: body.choices[0]!.message.content,
    elapsedMs: performance.now() - started,
  };
}

describe('semantic cache racing the upstream', () => {
  it('answers from a hit that comes first and calls the upstream off; a miss does not wait', async () => {
    const { gateway, upstreams } = await startFaultGateway(
      { upstream: {} },
      `models:
  chat:
    cache: { enabled: true, semantic: { errorBudget: 0.25, verifyShare: 0, budgetMs: 5000, race: true } }
    targets: [{ provider: upstream, model: gpt-4o-mini }]
`,
    );
    const upstream = upstreams.upstream!;
    const filed: string[] = [];
    const control = { delayMs: 0, finds: false, filed };
    const index = fakeIndex(control);
    gateway.gateway.semantic = new CalibratedCache({ log: () => {}, start: async () => index });
    const { url, key } = gateway;

    // The first lookup starts the index; the next answer is stored and its prompt filed.
    await ask(url, key, 'Warm-up question.');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const first = await ask(url, key, 'What is the capital of France?');
    expect(first.cache).toBe('miss');
    await fetchRecord(gateway, first.id);
    await expect.poll(() => filed.length).toBe(1);

    // A slow upstream, a quick lookup that finds it: the hit answers, the upstream call is cut.
    control.finds = true;
    control.delayMs = 20;
    upstream.setPlan({ latency: { kind: 'fixed', ms: 3000 } });
    upstream.resetCounts();
    const hit = await ask(url, key, 'Capital of France?');
    expect(hit).toMatchObject({ status: 200, cache: 'semantic-hit', text: first.text });
    expect(hit.elapsedMs).toBeLessThan(2000);
    expect(upstream.requests).toBe(1);
    await expect.poll(() => upstream.abortedByClient, { timeout: 3000 }).toBe(1);
    const record = await fetchRecord(gateway, hit.id);
    expect(record).toMatchObject({ cache: 'semantic-hit', status: 200 });
    // The cut call is on the record and in its cost, priced from its prompt (nothing came back).
    expect(record.attempts).toEqual([expect.objectContaining({ outcome: 'cancelled' })]);
    expect(record.cost.calledOff).toEqual([
      expect.objectContaining({ attempt: 0, source: 'estimated', outputTokens: 0 }),
    ]);
    expect(record.cost.usd).toBeGreaterThan(0);
    expect(record.cost.saved).toMatchObject({ inputTokens: expect.any(Number) });

    // The same for a streaming client (the official SDK): the cached answer arrives as a stream.
    const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
    const started = performance.now();
    const stream = await openai.chat.completions
      .create({ model: 'chat', stream: true, messages: [{ role: 'user', content: 'France capital?' }] })
      .withResponse();
    let text = '';
    for await (const chunk of stream.data) text += chunk.choices[0]?.delta.content ?? '';
    expect(stream.response.headers.get('x-switchyard-cache')).toBe('semantic-hit');
    expect(text).toBe(first.text);
    expect(performance.now() - started).toBeLessThan(2000);
    await expect.poll(() => upstream.abortedByClient, { timeout: 3000 }).toBe(2);

    // A slow lookup that finds nothing: the upstream answers without waiting for it.
    control.finds = false;
    control.delayMs = 1500;
    upstream.setPlan({});
    const miss = await ask(url, key, 'Something else entirely?');
    expect(miss).toMatchObject({ status: 200, cache: 'miss' });
    expect(miss.elapsedMs).toBeLessThan(1000);
  });
});
