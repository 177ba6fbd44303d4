import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';
import type { RecordWriterFigures } from './metrics.js';
import { sampleAttempt, sampleReceivedAt, sampleRecord } from './testing/sample-record.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parse the text exposition format (the subset prom-client writes) into samples. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) throw new Error(`Unparsable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1] as string] = pair[2] as string;
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

function find(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}

function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = find(samples, name, labels);
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value;
}

/** One expectation per metric (unlabelled), each named in its failure message. */
function expectValues(samples: Sample[], expected: Record<string, number>): void {
  for (const [name, value] of Object.entries(expected)) expect(valueOf(samples, name), name).toBe(value);
}

async function scrape(metrics: Metrics): Promise<Sample[]> {
  return parseExposition((await metrics.text()).body);
}

/** A stream served by a fallback after one rate-limited attempt. */
const fallbackRecord = sampleRecord({
  stream: true,
  firstTokenAt: sampleReceivedAt + 300,
  doneAt: sampleReceivedAt + 2500,
  provider: 'azure-east',
  providerType: 'azure-openai',
  cache: 'miss',
  usage: {
    inputTokens: 1000,
    outputTokens: 200,
    cacheReadTokens: 800,
    cacheWriteTokens: 50,
    reasoningTokens: 40,
    audioInputTokens: 300,
    audioOutputTokens: 0,
    source: 'provider',
  },
  cost: { ...sampleRecord().cost, usd: 0.25 },
  attempts: [
    sampleAttempt({ number: 0, outcome: 'error', status: 429, errorCode: 'rate_limited' }),
    sampleAttempt({
      number: 1,
      provider: 'azure-east',
      providerType: 'azure-openai',
      upstreamModel: 'gpt-4o',
    }),
  ],
});

/** What a request that reached no model records: no tokens, no cost. */
const noUsage = {
  usage: {
    ...sampleRecord().usage,
    source: 'none' as const,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
  },
  cost: { ...sampleRecord().cost, usd: 0 },
};

describe('Metrics', () => {
  it('serves the Prometheus text format', async () => {
    const { contentType, body } = await new Metrics().text();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('# TYPE switchyard_requests_total counter');
    expect(body).toContain('# TYPE switchyard_request_duration_seconds histogram');
  });

  it('counts requests, durations, tokens, cost, cache verdicts, attempts, retries and fallbacks', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    metrics.observe(sampleRecord());
    metrics.observe(
      sampleRecord({
        cache: 'hit',
        attempts: [],
        ...noUsage,
      }),
    );
    metrics.observe(fallbackRecord);
    metrics.observe(
      sampleRecord({
        status: 502,
        outcome: 'error',
        errorCode: 'upstream_error',
        attempts: [
          sampleAttempt({ outcome: 'error', status: 500 }),
          sampleAttempt({ number: 1, outcome: 'error', status: 500 }),
        ],
      }),
    );
    const samples = await scrape(metrics);

    expect(
      valueOf(samples, 'switchyard_requests_total', {
        operation: 'chat',
        route: 'gpt-4o',
        status: '200',
        outcome: 'ok',
      }),
    ).toBe(3);
    expect(valueOf(samples, 'switchyard_requests_total', { status: '502', outcome: 'error' })).toBe(1);

    expect(
      valueOf(samples, 'switchyard_request_duration_seconds_count', { operation: 'chat', route: 'gpt-4o' }),
    ).toBe(4);
    expect(valueOf(samples, 'switchyard_request_duration_seconds_sum', { route: 'gpt-4o' })).toBeCloseTo(
      0.81 * 3 + 2.5,
      6,
    );
    expect(valueOf(samples, 'switchyard_request_duration_seconds_bucket', { route: 'gpt-4o', le: '1' })).toBe(
      3,
    );
    expect(
      valueOf(samples, 'switchyard_request_duration_seconds_bucket', { route: 'gpt-4o', le: '+Inf' }),
    ).toBe(4);
    expect(valueOf(samples, 'switchyard_time_to_first_token_seconds_count', { route: 'gpt-4o' })).toBe(1);
    expect(valueOf(samples, 'switchyard_time_to_first_token_seconds_sum', { route: 'gpt-4o' })).toBeCloseTo(
      0.3,
      6,
    );

    const tokens = (provider: string, type: string) =>
      valueOf(samples, 'switchyard_tokens_total', { route: 'gpt-4o', provider, type });
    expect(tokens('openai-main', 'input')).toBe(120 * 2);
    expect(tokens('openai-main', 'output')).toBe(30 * 2);
    expect(tokens('openai-main', 'cache_read')).toBe(100 * 2);
    expect(tokens('openai-main', 'cache_write')).toBeUndefined();
    expect(tokens('azure-east', 'input')).toBe(1000);
    expect(tokens('azure-east', 'cache_write')).toBe(50);
    expect(tokens('azure-east', 'reasoning')).toBe(40);
    expect(tokens('azure-east', 'audio_input')).toBe(300);
    expect(tokens('azure-east', 'audio_output')).toBeUndefined();

    expect(
      valueOf(samples, 'switchyard_cost_usd_total', { route: 'gpt-4o', provider: 'openai-main' }),
    ).toBeCloseTo(0.0012, 9);
    expect(
      valueOf(samples, 'switchyard_cost_usd_total', { route: 'gpt-4o', provider: 'azure-east' }),
    ).toBeCloseTo(0.25, 9);
    expect(find(samples, 'switchyard_unpriced_requests_total')).toEqual([]);

    expect(valueOf(samples, 'switchyard_cache_requests_total', { verdict: 'miss' })).toBe(3);
    expect(valueOf(samples, 'switchyard_cache_requests_total', { verdict: 'hit' })).toBe(1);

    expect(
      valueOf(samples, 'switchyard_upstream_attempts_total', { provider: 'openai-main', outcome: 'ok' }),
    ).toBe(1);
    expect(
      valueOf(samples, 'switchyard_upstream_attempts_total', { provider: 'openai-main', outcome: 'error' }),
    ).toBe(3);
    expect(
      valueOf(samples, 'switchyard_upstream_attempts_total', { provider: 'azure-east', outcome: 'ok' }),
    ).toBe(1);
    // Two requests retried once each; only the one served by another target is a fallback.
    expect(valueOf(samples, 'switchyard_retries_total', { route: 'gpt-4o' })).toBe(2);
    expect(valueOf(samples, 'switchyard_fallbacks_total', { route: 'gpt-4o' })).toBe(1);
  });

  it('labels a request that matched no route "unmatched", never with the client model name', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    metrics.observe(
      sampleRecord({
        model: 'client-made-up-model',
        route: null,
        provider: null,
        providerType: null,
        status: 404,
        outcome: 'error',
        attempts: [],
        ...noUsage,
      }),
    );
    const { body } = await metrics.text();
    expect(body).not.toContain('client-made-up-model');
    const samples = parseExposition(body);
    expect(
      valueOf(samples, 'switchyard_requests_total', { route: 'unmatched', status: '404', outcome: 'error' }),
    ).toBe(1);
    expect(find(samples, 'switchyard_tokens_total')).toEqual([]);
  });

  it('counts unpriced requests and adds only their priced part to the cost', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    metrics.observe(
      sampleRecord({ cost: { ...sampleRecord().cost, usd: null, knownUsd: 0.01, unknown: ['output'] } }),
    );
    const samples = await scrape(metrics);
    expect(valueOf(samples, 'switchyard_unpriced_requests_total', { route: 'gpt-4o' })).toBe(1);
    expect(valueOf(samples, 'switchyard_cost_usd_total', { route: 'gpt-4o' })).toBeCloseTo(0.01, 9);
  });

  it('counts semantic lookups by route and outcome', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    metrics.countSemanticLookup('chat', 'served');
    metrics.countSemanticLookup('chat', 'too-long');
    metrics.countSemanticLookup('chat', 'too-long');
    metrics.countSemanticLookup('support', 'checked');
    const samples = await scrape(metrics);
    const lookups = (route: string, outcome: string) =>
      valueOf(samples, 'switchyard_semantic_lookups_total', { route, outcome });
    expect([lookups('chat', 'served'), lookups('chat', 'too-long'), lookups('support', 'checked')]).toEqual([
      1, 2, 1,
    ]);
    expect(lookups('chat', 'checked')).toBeUndefined();
  });

  it('reads the semantic indexes once per scrape into gauges and counters; a stopped one leaves the gauges, a failed read is reported', async () => {
    const errors: Error[] = [];
    const metrics = new Metrics({ defaultMetrics: false, onError: (error) => errors.push(error) });
    const index = (model: string, entries: number, evicted = 7) => ({
      model,
      dimensions: 512,
      entries,
      partitions: 2,
      bytes: entries * 650,
      evicted,
      removed: entries * 2,
      expired: 0,
      loadMs: 1,
    });
    let reads = 0;
    let running: Array<ReturnType<typeof index>> | Error = [
      index('use-lite-int8@x', 1200),
      index('embed-3', 40),
    ];
    metrics.registerSemanticIndexes(async () => {
      reads++;
      if (running instanceof Error) throw running;
      return running;
    });
    let samples = await scrape(metrics);
    const gauge = (name: string, embedder: string) => valueOf(samples, name, { embedder });
    /** The indexes read `next` from now on: scrape again a moment later. */
    const scrapeAfter = async (next: typeof running) => {
      running = next;
      await new Promise((resolve) => setTimeout(resolve, 5));
      samples = await scrape(metrics);
    };
    expect(gauge('switchyard_semantic_index_entries', 'use-lite-int8@x')).toBe(1200);
    expect(gauge('switchyard_semantic_index_bytes', 'use-lite-int8@x')).toBe(780_000);
    expect(gauge('switchyard_semantic_index_partitions', 'embed-3')).toBe(2);
    expect(gauge('switchyard_semantic_index_evicted_total', 'embed-3')).toBe(7);
    expect(gauge('switchyard_semantic_index_removed_total', 'embed-3')).toBe(80);
    expect(reads).toBe(1);
    await scrapeAfter([index('embed-3', 41, 10)]);
    expect(gauge('switchyard_semantic_index_entries', 'use-lite-int8@x')).toBeUndefined();
    expect(gauge('switchyard_semantic_index_entries', 'embed-3')).toBe(41);
    expect(gauge('switchyard_semantic_index_evicted_total', 'embed-3')).toBe(10);
    expect(gauge('switchyard_semantic_index_removed_total', 'embed-3')).toBe(82);
    expect(reads).toBe(2);
    // The thread restarted and counts from zero: the counter still only goes up.
    await scrapeAfter([index('embed-3', 3, 4)]);
    expect(gauge('switchyard_semantic_index_evicted_total', 'embed-3')).toBe(14);
    expect(gauge('switchyard_semantic_index_removed_total', 'embed-3')).toBe(88);
    expect(reads).toBe(3);
    running = new Error('thread gone');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(scrape(metrics)).resolves.toBeDefined();
    expect(errors.map((error) => error.message)).toContain('thread gone');
  });

  it('never throws on a broken record, and reports it', () => {
    const errors: Error[] = [];
    const metrics = new Metrics({ defaultMetrics: false, onError: (error) => errors.push(error) });
    expect(() => metrics.observe(sampleRecord({ attempts: null as never }))).not.toThrow();
    expect(errors).toHaveLength(1);
  });

  it('reads the record writer and in-flight figures at scrape time', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    expect(find(await scrape(metrics), 'switchyard_record_queue_depth')).toEqual([]);

    const stats: RecordWriterFigures = {
      queued: 7,
      capacity: 10_000,
      written: 120,
      spilled: 3,
      replayed: 2,
      dropped: 1,
      failedBatches: 4,
      healthy: true,
    };
    let inFlight = 5;
    metrics.registerRecordWriter(() => stats);
    metrics.registerInFlight(() => inFlight);
    expectValues(await scrape(metrics), {
      switchyard_record_queue_depth: 7,
      switchyard_record_queue_capacity: 10_000,
      switchyard_records_written_total: 120,
      switchyard_records_spilled_total: 3,
      switchyard_records_replayed_total: 2,
      switchyard_records_dropped_total: 1,
      switchyard_record_batches_failed_total: 4,
      switchyard_record_writer_healthy: 1,
      switchyard_in_flight_requests: 5,
      // Optional figures the writer did not give read as zero.
      switchyard_record_spill_files: 0,
    });

    Object.assign(stats, {
      queued: 0,
      written: 130,
      healthy: false,
      spillFiles: 2,
      oldestSpillAgeMs: 90_000,
    });
    inFlight = 0;
    expectValues(await scrape(metrics), {
      switchyard_record_queue_depth: 0,
      switchyard_records_written_total: 130,
      switchyard_record_writer_healthy: 0,
      switchyard_in_flight_requests: 0,
      switchyard_record_spill_files: 2,
      switchyard_record_oldest_spill_age_seconds: 90,
    });

    // A new source replaces the old one; a throwing one leaves the last figures.
    metrics.registerRecordWriter(() => ({ ...stats, queued: 42 }));
    expect(valueOf(await scrape(metrics), 'switchyard_record_queue_depth')).toBe(42);
    metrics.registerRecordWriter(() => {
      throw new Error('writer gone');
    });
    expect(valueOf(await scrape(metrics), 'switchyard_record_queue_depth')).toBe(42);
  });

  it('includes event loop lag and process metrics on the same registry, apart from the global one', async () => {
    const samples = await scrape(new Metrics());
    expect(valueOf(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(find(samples, 'nodejs_eventloop_lag_p99_seconds')).toHaveLength(1);
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // Two instances can live side by side: neither registers on prom-client's global registry.
    expect(() => new Metrics()).not.toThrow();
  });
});
