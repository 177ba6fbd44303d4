import { useModel } from '../cache/semantic/use-embedder.js';
import { vectorText } from '../cache/semantic/vector-text.js';
import type { SemanticNote } from '../telemetry/request-record.js';
import { describe, expect, it } from 'vitest';
import type { ResolvedModel } from '../config/resolve-model.js';
import { semanticCacheSchema } from '../config/cache-schema.js';
import { MemoryAnswerStore } from '../cache/exact/memory-answer-store.js';
import type { AnswerStore } from '../cache/exact/answer-store.js';
import type { CachedAnswer } from '../cache/exact/cached-answer.js';
import type { ChatCall } from '../pipeline/chat-types.js';
import { SemanticCache, type SemanticIndex } from './semantic-cache.js';
import { semanticLookup, settleSemantic } from './semantic-lookup.js';

const tags = { organizationId: 'acme', projectId: null, route: 'chat', model: 'chat', namespace: '' };
const settings = semanticCacheSchema.parse({ errorBudget: 0.25, verifyShare: 0, minimumScore: 0.5 });
const route = {
  alias: 'chat',
  cache: { ttlMs: 60_000, maxEntryBytes: 1e6, routeDigest: 'r', semantic: settings },
} as unknown as ResolvedModel;
const call = (content: string) =>
  ({
    body: { model: 'chat', messages: [{ role: 'user', content }] },
    forwardHeaders: {},
  }) as unknown as ChatCall;
const answer = (text: string): CachedAnswer => ({
  tags,
  storedAt: Date.now(),
  content: {
    kind: 'response',
    response: {
      id: 'x',
      model: 'm',
      created: 0,
      content: [{ type: 'text', text }],
      finishReason: 'stop',
      usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
  saved: { inputTokens: 1, outputTokens: 1, usd: null },
});

/** Looks up `content` on the chat route for the request `digest`, its record's notes into `notes`. */
function lookup(
  semantic: SemanticCache,
  store: AnswerStore,
  content: string,
  digest: string,
  notes?: SemanticNote[],
) {
  return semanticLookup(
    semantic,
    store,
    route,
    call(content),
    { digest, tags },
    'openai',
    undefined,
    notes === undefined ? undefined : (note) => notes.push(note),
  );
}

/** The chat route's calibrator, given enough agreeing verdicts at 0.9 to serve by meaning. */
function calibrate(semantic: SemanticCache) {
  const calibrator = semantic.calibrator('chat\u0000r', settings);
  for (let index = 0; index < 12; index++) calibrator.record(0.9, true);
  return calibrator;
}

/** A semantic cache over a fake index whose nearest neighbour is `nearest` (or whose neighbours are). */
async function semanticWith(
  nearest: { id: string; score: number } | Array<{ id: string; score: number }> | undefined,
) {
  const hits = nearest === undefined ? [] : Array.isArray(nearest) ? nearest : [nearest];
  const forgotten: string[] = [];
  const added: string[] = [];
  /** Lookups wait for this while it is set (a slow embedding). */
  const gate: { open?: Promise<void> } = {};
  const index: SemanticIndex = {
    model: useModel,
    dimensions: 2,
    lookup: async () => (
      await gate.open,
      {
        status: 'searched',
        hits,
        vector: new Float32Array([0.6, 0.8]),
      }
    ),
    lookupVector: async (_partition, vector) => ({
      status: 'searched',
      hits,
      vector,
    }),
    add: async (id) => void added.push(id),
    addMany: async (ids) => ids.length,
    remove: async (ids) => (forgotten.push(...ids), ids.length),
    close: async () => undefined,
  };
  const outcomes: string[] = [];
  const semantic = new SemanticCache({
    log: () => {},
    start: async () => index,
    onLookup: (route, outcome) => outcomes.push(`${route}:${outcome}`),
  });
  // The first lookup starts the index and misses; later ones search it.
  await semantic.nearest(() => 'p', 'warm', settings);
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { semantic, forgotten, added, gate, outcomes };
}

describe('semanticLookup', () => {
  it('sends a would-be hit upstream for a verdict until the route is calibrated', async () => {
    const store = new MemoryAnswerStore(1e6);
    await store.set('d0', answer('Paris is the capital.'), 60_000);
    const { semantic, added, outcomes } = await semanticWith({ id: 'd0', score: 0.93 });
    const key = { digest: 'd1', tags };
    const outcome = await semanticLookup(semantic, store, route, call('Capital of France?'), key, 'openai');
    expect(outcome.hit).toBeUndefined();
    const pending = await outcome.pending;
    expect(pending?.verify?.score).toBe(0.93);
    expect(outcomes).toEqual(['chat:checked']);
    const fresh = answer('Paris is the capital.').content;
    await settleSemantic(semantic, 'd1', pending!, fresh, () => {
      throw new Error('no JSON here');
    });
    expect(semantic.calibrator('chat\u0000r', settings).toJSON().bins).toEqual([[expect.any(Number), 1, 0]]);
    expect(added).toEqual(['d1']);
  });

  it('records a disagreeing fresh answer as a wrong hit', async () => {
    const store = new MemoryAnswerStore(1e6);
    await store.set('d0', answer('The capital of Spain is Madrid.'), 60_000);
    const { semantic } = await semanticWith({ id: 'd0', score: 0.8 });
    const outcome = await lookup(semantic, store, 'Capital of France?', 'd2');
    await settleSemantic(
      semantic,
      'd2',
      (await outcome.pending)!,
      answer('The capital of France is Paris.').content,
      JSON.parse,
    );
    // One verdict, in the bin of its score, counted wrong: [bin, right, wrong].
    expect(semantic.calibrator('chat\u0000r', settings).toJSON().bins).toEqual([[expect.any(Number), 0, 1]]);
  });

  it('serves once enough verdicts agree, and forgets neighbours whose entry is gone', async () => {
    const store = new MemoryAnswerStore(1e6);
    await store.set('d0', answer('Paris.'), 60_000);
    const { semantic, forgotten, outcomes } = await semanticWith({ id: 'd0', score: 0.95 });
    const calibrator = calibrate(semantic);
    const notes: SemanticNote[] = [];
    const served = await lookup(semantic, store, 'Capital of France?', 'd3', notes);
    expect(served.hit?.score).toBe(0.95);
    expect(outcomes).toEqual(['chat:served']);
    // The record is told the outcome, the neighbour's score and the threshold that let it serve.
    expect(notes).toEqual([{ outcome: 'served', score: 0.95, threshold: calibrator.threshold }]);
    expect(calibrator.threshold).toBeLessThan(0.95);

    const gone = await semanticWith({ id: 'expired', score: 0.99 });
    const missing = await lookup(gone.semantic, store, 'Q?', 'd4', notes);
    expect(missing.hit).toBeUndefined();
    expect((await missing.pending)?.verify).toBeUndefined();
    expect(gone.outcomes).toEqual(['chat:gone']);
    // That route has no verdicts yet: its record says so, whatever the lookup found beside it.
    expect(notes.at(-1)).toEqual({ outcome: 'calibrating', score: null, threshold: null });
    expect(gone.forgotten).toEqual(['expired']);
    expect(forgotten).toEqual([]);
  });

  it("judges the nearest answer by its stored int8 codes, not the index's int4 score", async () => {
    const store = new MemoryAnswerStore(1e6);
    // The query's vector is (0.6, 0.8): against (1, 0) the cosine is 0.6.
    const meaning = { partition: 'p', vector: vectorText(new Float32Array([1, 0])), embedder: useModel };
    await store.set('d0', { ...answer('Paris.'), meaning }, 60_000);
    const ask = async (indexScore: number) => {
      const { semantic, outcomes } = await semanticWith({ id: 'd0', score: indexScore });
      calibrate(semantic);
      const notes: SemanticNote[] = [];
      const outcome = await lookup(semantic, store, 'Capital of France?', 'd9', notes);
      return { outcome, outcomes, notes, pending: await outcome.pending };
    };
    // The index says 0.95, over the threshold; the stored codes say 0.6: checked, not served.
    const over = await ask(0.95);
    expect(over.outcome.hit).toBeUndefined();
    expect(over.outcomes).toEqual(['chat:checked']);
    expect(over.notes[0]!.score).toBeCloseTo(0.6, 6);
    expect(over.pending?.verify?.score).toBeCloseTo(0.6, 6);
    // Just under minimumScore (0.5) by the index, within its precision: fetched and scored.
    const under = await ask(0.49);
    expect(under.outcomes).toEqual(['chat:checked']);
    expect(under.notes[0]!.score).toBeCloseTo(0.6, 6);
    // Far under it: not fetched at all.
    const far = await ask(0.4);
    expect(far.outcomes).toEqual(['chat:far']);
    expect(far.notes[0]!.score).toBe(0.4);
    // An answer without stored codes keeps the index's score.
    await store.set('d0', answer('Paris.'), 60_000);
    const plain = await ask(0.95);
    expect(plain.outcome.hit?.score).toBe(0.95);
  });

  it("tries the next neighbours when the nearest ones' answers are gone, forgetting those", async () => {
    const store = new MemoryAnswerStore(1e6);
    await store.set('live', answer('Paris.'), 60_000);
    await store.set('low', answer('Lyon.'), 60_000);
    const ask = async (hits: Array<{ id: string; score: number }>) => {
      const replica = await semanticWith(hits);
      calibrate(replica.semantic);
      const outcome = await lookup(replica.semantic, store, 'Capital of France?', 'd10');
      return { ...replica, outcome };
    };
    // Two evicted (unreported) answers before a live one: served from the live one.
    const served = await ask([
      { id: 'evicted-1', score: 0.99 },
      { id: 'evicted-2', score: 0.98 },
      { id: 'live', score: 0.95 },
    ]);
    expect(served.outcome.hit?.answer.content).toEqual(answer('Paris.').content);
    expect(served.outcomes).toEqual(['chat:served']);
    expect(served.forgotten).toEqual(['evicted-1', 'evicted-2']);
    // Never past minimumScore (0.5): a gone neighbour, then only a far one.
    const gone = await ask([
      { id: 'evicted-3', score: 0.97 },
      { id: 'low', score: 0.2 },
    ]);
    expect(gone.outcome.hit).toBeUndefined();
    expect(gone.outcomes).toEqual(['chat:gone']);
    expect(gone.forgotten).toEqual(['evicted-3']);
  });

  it('leaves neighbours under minimumScore alone, and skips requests with tools', async () => {
    const store = new MemoryAnswerStore(1e6);
    await store.set('d0', answer('x'), 60_000);
    const { semantic } = await semanticWith({ id: 'd0', score: 0.2 });
    const calibrator = calibrate(semantic);
    const notes: SemanticNote[] = [];
    const low = await lookup(semantic, store, 'Q?', 'd5', notes);
    expect((await low.pending)?.verify).toBeUndefined();
    expect(notes).toEqual([{ outcome: 'far', score: 0.2, threshold: calibrator.threshold }]);
    const tools = {
      body: { messages: [{ role: 'user', content: 'Q' }], tools: [{}] },
      forwardHeaders: {},
    } as unknown as ChatCall;
    expect(await semanticLookup(semantic, store, route, tools, { digest: 'd6', tags }, 'openai')).toEqual({});
  });

  it('does not wait for the lookup while the route cannot serve, and does once it can', async () => {
    const store = new MemoryAnswerStore(1e6);
    await store.set('d0', answer('Paris.'), 60_000);
    const { semantic, gate } = await semanticWith({ id: 'd0', score: 0.95 });
    let release = () => {};
    gate.open = new Promise((resolve) => (release = resolve));
    const key = { digest: 'd7', tags };
    const uncalibrated = semanticLookup(semantic, store, route, call('Capital of France?'), key, 'openai');
    const first = await Promise.race([uncalibrated, delay(50).then(() => 'waited' as const)]);
    expect(first).not.toBe('waited');
    const outcome = first as Awaited<typeof uncalibrated>;
    expect(outcome.hit).toBeUndefined();
    // The lookup goes on beside the upstream call, and still brings its neighbour for a verdict.
    release();
    expect((await outcome.pending)?.verify?.score).toBe(0.95);

    calibrate(semantic);
    gate.open = new Promise((resolve) => (release = resolve));
    const calibrated = semanticLookup(semantic, store, route, call('Capital of France?'), key, 'openai');
    expect(await Promise.race([calibrated, delay(50).then(() => 'waited' as const)])).toBe('waited');
    release();
    expect((await calibrated).hit?.score).toBe(0.95);
  });
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
