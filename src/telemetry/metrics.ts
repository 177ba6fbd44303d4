// The gateway's Prometheus metrics on a registry of their own (never prom-client's global one):
// request series from finished records, record writer and in-flight series read at scrape time,
// and Node's default process and event-loop-lag metrics. Serves the text for GET /metrics.

import { Registry, collectDefaultMetrics } from 'prom-client';
import { RecordWriterMetrics } from './metrics-record-writer.js';
import type { RecordWriterFigures } from './metrics-record-writer.js';
import { BreakerMetrics, type BreakerFigures } from './metrics-breakers.js';
import { RequestMetrics } from './metrics-requests.js';
import { registerReviewMetrics } from './metrics-reviews.js';
import { HoldMetrics, type DeliveryOutcome } from './metrics-holds.js';
import { registerSemanticIndexes, SemanticMetrics } from './metrics-semantic.js';
import { registerCacheStore } from './metrics-cache-store.js';
import type { AnswerStoreStats } from '../cache/exact/answer-store.js';
import type { SemanticLookupOutcome } from './semantic-outcomes.js';
import type { SemanticStats } from '../cache/semantic/semantic-messages.js';
import type { RequestRecord } from './request-record.js';

export type { RecordWriterFigures } from './metrics-record-writer.js';

export interface MetricsOptions {
  /** Node process metrics and nodejs_eventloop_lag_* (default true). */
  defaultMetrics?: boolean;
  /** Called when observing a record fails; metrics never throw into the gateway. */
  onError?: (error: Error) => void;
}

export interface MetricsText {
  contentType: string;
  body: string;
}

export class Metrics {
  readonly registry = new Registry();
  readonly #requests: RequestMetrics;
  readonly #sources: RecordWriterMetrics;
  readonly #holds: HoldMetrics;
  readonly #semantic: SemanticMetrics;
  readonly #onError: (error: Error) => void;
  #breakers: BreakerMetrics | undefined;

  constructor(options: MetricsOptions = {}) {
    this.#onError = options.onError ?? (() => undefined);
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.#requests = new RequestMetrics(this.registry);
    this.#sources = new RecordWriterMetrics(this.registry);
    this.#holds = new HoldMetrics(this.registry);
    this.#semantic = new SemanticMetrics(this.registry);
  }

  /** Count a finished request, after its response. Never throws. */
  observe(record: RequestRecord): void {
    try {
      this.#requests.observe(record);
      this.#holds.observe(record);
    } catch (error) {
      this.#onError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** One call delivering a reviewer's decision on a held answer, by outcome. */
  countHoldDelivery(outcome: DeliveryOutcome): void {
    this.#holds.countDelivery(outcome);
  }

  /** One semantic cache lookup, by route and how it ended. */
  countSemanticLookup(route: string, outcome: SemanticLookupOutcome): void {
    this.#semantic.count(route, outcome);
  }

  /** Scrape-time gauges and totals of the record writer. */
  registerRecordWriter(stats: () => RecordWriterFigures): void {
    this.#sources.registerRecordWriter(stats);
  }

  /** A scrape-time gauge of requests in flight (say, the admission's active count). */
  registerInFlight(count: () => number): void {
    this.#sources.registerInFlight(count);
  }

  /** A scrape-time gauge of the review queue's pending items; register once. */
  registerReviews(pending: () => Promise<number>): void {
    registerReviewMetrics(this.registry, pending, this.#onError);
  }

  /** Scrape-time series of the in-process exact cache; register once. */
  registerCacheStore(stats: () => AnswerStoreStats): void {
    registerCacheStore(this.registry, stats);
  }

  /** Scrape-time gauges of the semantic cache's running indexes; register once. */
  registerSemanticIndexes(indexes: () => Promise<SemanticStats[]>): void {
    registerSemanticIndexes(this.registry, indexes, this.#onError);
  }

  /** Circuit breaker series: states read at each scrape; changes and skips counted as they happen. */
  registerCircuitBreakers(states: () => BreakerFigures[]): BreakerMetrics {
    this.#breakers ??= new BreakerMetrics(this.registry, states);
    return this.#breakers;
  }

  /** The exposition for GET /metrics. */
  async text(): Promise<MetricsText> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
