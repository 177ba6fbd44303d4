// Prometheus counters and histograms fed from finished request records, after the response. Every
// label is bounded: config route aliases ("unmatched" when none matched, so a client's model name
// never becomes a label), config deployment names, and fixed enums. No I/O.

import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { RequestRecord } from './request-record.js';

/** LLM calls run from a few hundred ms to minutes. */
const durationBuckets = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120, 300];
const firstTokenBuckets = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20];

/** The label for a request's route; also used by the GenAI metrics. */
export function routeLabel(record: RequestRecord): string {
  return record.route ?? 'unmatched';
}

/**
 * The labelled child of a metric for a combination of label values, kept: prom-client hashes the
 * label object on every inc/observe, which costs more than the update itself. Label values are
 * bounded (see above), so the cache is too.
 */
class Children<Child> {
  readonly #children = new Map<string, Child>();

  constructor(private readonly create: (values: string[]) => Child) {}

  get(...values: string[]): Child {
    const key = values.join('\u0000');
    let child = this.#children.get(key);
    if (child === undefined) {
      child = this.create(values);
      this.#children.set(key, child);
    }
    return child;
  }
}

type CounterChild = { inc(value?: number): void };
type HistogramChild = { observe(value: number): void };

function byLabels<Child>(metric: { labels(...values: string[]): Child }): Children<Child> {
  return new Children((values) => metric.labels(...values));
}

export class RequestMetrics {
  readonly #requests: Children<CounterChild>;
  readonly #duration: Children<HistogramChild>;
  readonly #firstToken: Children<HistogramChild>;
  readonly #tokens: Children<CounterChild>;
  readonly #cost: Children<CounterChild>;
  readonly #unpriced: Counter<'route'>;
  readonly #cache: Counter<'verdict'>;
  readonly #saved: Counter<'route'>;
  readonly #guardrails: Counter<'route' | 'check' | 'stage' | 'action'>;
  readonly #attempts: Children<CounterChild>;
  readonly #retries: Counter<'route'>;
  readonly #fallbacks: Counter<'route'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.#requests = byLabels(
      new Counter({
        name: 'switchyard_requests_total',
        help: 'Requests answered, by operation, route alias, HTTP status and outcome (ok, error, cancelled).',
        labelNames: ['operation', 'route', 'status', 'outcome'],
        registers,
      }),
    );
    this.#duration = byLabels(
      new Histogram({
        name: 'switchyard_request_duration_seconds',
        help: 'From receiving a request to its last byte out, in seconds.',
        labelNames: ['operation', 'route'],
        buckets: durationBuckets,
        registers,
      }),
    );
    this.#firstToken = byLabels(
      new Histogram({
        name: 'switchyard_time_to_first_token_seconds',
        help: 'From receiving a streamed request to its first content out, in seconds.',
        labelNames: ['route'],
        buckets: firstTokenBuckets,
        registers,
      }),
    );
    this.#tokens = byLabels(
      new Counter({
        name: 'switchyard_tokens_total',
        help: 'Tokens by route, deployment and type (input includes cache_read and cache_write; output includes reasoning).',
        labelNames: ['route', 'provider', 'type'],
        registers,
      }),
    );
    this.#cost = byLabels(
      new Counter({
        name: 'switchyard_cost_usd_total',
        help: 'Cost in USD by route and deployment; for unpriced requests only their priced part (see switchyard_unpriced_requests_total).',
        labelNames: ['route', 'provider'],
        registers,
      }),
    );
    this.#unpriced = new Counter({
      name: 'switchyard_unpriced_requests_total',
      help: 'Requests with tokens the catalog has no price for: their cost is a lower bound.',
      labelNames: ['route'],
      registers,
    });
    this.#cache = new Counter({
      name: 'switchyard_cache_requests_total',
      help: 'Requests the response cache considered, by verdict (miss, hit, semantic-hit, bypass).',
      labelNames: ['verdict'],
      registers,
    });
    this.#saved = new Counter({
      name: 'switchyard_cache_saved_usd_total',
      help: 'USD the exact cache saved: what the cached answers cost when they were made, per hit.',
      labelNames: ['route'],
      registers,
    });
    this.#guardrails = new Counter({
      name: 'switchyard_guardrail_verdicts_total',
      help: 'Guardrail verdicts, by route, check, stage (input, output) and action (allow, block, redact, mask, flag, log).',
      labelNames: ['route', 'check', 'stage', 'action'],
      registers,
    });
    this.#attempts = byLabels(
      new Counter({
        name: 'switchyard_upstream_attempts_total',
        help: 'Calls to upstream deployments, by deployment and outcome.',
        labelNames: ['provider', 'outcome'],
        registers,
      }),
    );
    this.#retries = new Counter({
      name: 'switchyard_retries_total',
      help: 'Upstream attempts beyond the first of a request.',
      labelNames: ['route'],
      registers,
    });
    this.#fallbacks = new Counter({
      name: 'switchyard_fallbacks_total',
      help: 'Requests served by another target than the one first tried.',
      labelNames: ['route'],
      registers,
    });
  }

  observe(record: RequestRecord): void {
    const route = routeLabel(record);
    const provider = record.provider ?? 'none';
    // labels() takes values in labelNames order.
    this.#requests.get(record.operation, route, String(record.status), record.outcome).inc();
    this.#duration
      .get(record.operation, route)
      .observe(Math.max(0, record.doneAt - record.receivedAt) / 1000);
    if (record.firstTokenAt !== null)
      this.#firstToken.get(route).observe(Math.max(0, record.firstTokenAt - record.receivedAt) / 1000);
    this.#observeUsage(record, route, provider);
    if (record.cache !== 'none') this.#cache.inc({ verdict: record.cache });
    for (const verdict of record.guardrails) {
      this.#guardrails.inc({ route, check: verdict.check, stage: verdict.stage, action: verdict.action });
    }
    const saved = record.cost.saved?.usd;
    if (saved !== undefined && saved !== null && saved > 0) this.#saved.inc({ route }, saved);
    for (const attempt of record.attempts) this.#attempts.get(attempt.provider, attempt.outcome).inc();
    if (record.attempts.length > 1) {
      this.#retries.inc({ route }, record.attempts.length - 1);
      if (servedByFallback(record)) this.#fallbacks.inc({ route });
    }
  }

  #observeUsage(record: RequestRecord, route: string, provider: string): void {
    const usage = record.usage;
    const add = (type: string, tokens: number | undefined): void => {
      if (tokens !== undefined && tokens > 0) this.#tokens.get(route, provider, type).inc(tokens);
    };
    add('input', usage.inputTokens);
    add('output', usage.outputTokens);
    add('cache_read', usage.cacheReadTokens);
    add('cache_write', usage.cacheWriteTokens);
    add('reasoning', usage.reasoningTokens);
    add('audio_input', usage.audioInputTokens);
    add('audio_output', usage.audioOutputTokens);
    const cost = record.cost;
    if (cost.usd === null) this.#unpriced.inc({ route });
    const usd = cost.usd ?? cost.knownUsd;
    if (usd > 0) this.#cost.get(route, provider).inc(usd);
  }
}

/** The attempt that answered went to another deployment or model than the first attempt. */
function servedByFallback(record: RequestRecord): boolean {
  const first = record.attempts[0];
  const last = record.attempts[record.attempts.length - 1];
  if (first === undefined || last === undefined || last.outcome === 'error') return false;
  return last.provider !== first.provider || last.upstreamModel !== first.upstreamModel;
}
