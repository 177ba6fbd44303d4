// The OpenTelemetry GenAI client metrics, recorded from finished records and pushed over OTLP/HTTP
// (JSON) by a periodic reader: gen_ai.client.token.usage and gen_ai.client.operation.duration.
// Only built when an OTLP endpoint is configured; never throws into the gateway.
// @see https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-metrics/

import type { Attributes, Histogram } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { InstrumentType, PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { genAiProviderName } from './genai-provider-name.js';
import { routeLabel } from './metrics-requests.js';
import { exportFailure, otlpResource, signalUrl } from './otlp-options.js';
import type { OtlpOptions } from './otlp-options.js';
import type { RequestRecord } from './request-record.js';

export interface GenAiMetricsOptions extends OtlpOptions {
  /** How often metrics are pushed, ms (default 60 s). */
  exportIntervalMs?: number;
}

/** Bucket boundaries the conventions advise for each histogram. */
const tokenBuckets = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
const durationBuckets = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

interface AttributeSets {
  input: Attributes;
  output: Attributes;
  duration: Attributes;
}

/** As the SDK's default cardinality limit per instrument. */
const maxAttributeSets = 2000;

export class GenAiMetrics {
  readonly #provider: MeterProvider;
  readonly #tokenUsage: Histogram;
  readonly #duration: Histogram;
  readonly #onError: (error: Error) => void;
  readonly #sets = new Map<string, AttributeSets>();
  #closing: Promise<void> | undefined;

  constructor(options: GenAiMetricsOptions) {
    this.#onError = options.onError ?? (() => undefined);
    const timeoutMs = options.timeoutMs ?? 10_000;
    const intervalMs = options.exportIntervalMs ?? 60_000;
    const exporter = new OTLPMetricExporter({
      url: signalUrl(options.endpoint, 'metrics'),
      headers: options.headers,
      timeoutMillis: timeoutMs,
    });
    this.#provider = new MeterProvider({
      resource: otlpResource(options),
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new ReportingMetricExporter(exporter, this.#onError),
          exportIntervalMillis: intervalMs,
          exportTimeoutMillis: Math.min(timeoutMs, intervalMs),
        }),
      ],
    });
    const meter = this.#provider.getMeter('switchyard', options.serviceVersion);
    this.#tokenUsage = meter.createHistogram('gen_ai.client.token.usage', {
      unit: '{token}',
      description: 'Number of input and output tokens used.',
      advice: { explicitBucketBoundaries: tokenBuckets },
    });
    this.#duration = meter.createHistogram('gen_ai.client.operation.duration', {
      unit: 's',
      description: 'GenAI operation duration.',
      advice: { explicitBucketBoundaries: durationBuckets },
    });
  }

  /**
   * Record a finished request. Requests that never reached a provider (no route, refused before
   * routing) are not GenAI operations and are left out. Cheap, and never throws.
   */
  observe(record: RequestRecord): void {
    if (record.providerType === null || this.#closing !== undefined) return;
    try {
      const sets = this.#attributeSets(record, record.providerType);
      if (record.usage.source !== 'none') {
        this.#tokenUsage.record(record.usage.inputTokens, sets.input);
        this.#tokenUsage.record(record.usage.outputTokens, sets.output);
      }
      this.#duration.record(Math.max(0, record.doneAt - record.receivedAt) / 1000, sets.duration);
    } catch (error) {
      this.#onError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * The attribute objects of a record, reused across records: building and spreading fresh ones
   * doubled the cost of each `record` call. Bounded like the series themselves (config routes and
   * deployments, upstream model names, error codes); cleared if that bound is ever passed.
   */
  #attributeSets(record: RequestRecord, providerType: string): AttributeSets {
    const route = routeLabel(record);
    const errorType = record.outcome === 'error' ? (record.errorCode ?? '_OTHER') : '';
    const key = `${record.operation}\u0000${providerType}\u0000${route}\u0000${record.responseModel ?? ''}\u0000${errorType}`;
    const cached = this.#sets.get(key);
    if (cached !== undefined) return cached;
    const common: Attributes = {
      'gen_ai.operation.name': record.operation,
      'gen_ai.provider.name': genAiProviderName(providerType),
      // The route alias, not the client's string: bounded by the config.
      'gen_ai.request.model': route,
    };
    if (record.responseModel !== null) common['gen_ai.response.model'] = record.responseModel;
    const sets: AttributeSets = {
      input: Object.freeze({ ...common, 'gen_ai.token.type': 'input' }),
      output: Object.freeze({ ...common, 'gen_ai.token.type': 'output' }),
      duration: Object.freeze(errorType === '' ? common : { ...common, 'error.type': errorType }),
    };
    if (this.#sets.size >= maxAttributeSets) this.#sets.clear();
    this.#sets.set(key, sets);
    return sets;
  }

  /** Push what has been recorded now (tests, and before a planned stop). */
  async flush(): Promise<void> {
    await this.#provider.forceFlush().catch(() => undefined);
  }

  /** Push what has been recorded, then stop; later `observe` calls are ignored. */
  close(): Promise<void> {
    this.#closing ??= this.#provider.shutdown().catch(() => undefined);
    return this.#closing;
  }
}

/** The SDK's own result type (from its copy of @opentelemetry/core). */
type MetricsResultCallback = Parameters<PushMetricExporter['export']>[1];

/** Passes metrics through and reports failed exports, which the SDK would only log to its diag. */
class ReportingMetricExporter implements PushMetricExporter {
  constructor(
    private readonly inner: OTLPMetricExporter,
    private readonly onError: (error: Error) => void,
  ) {}

  export(metrics: ResourceMetrics, resultCallback: MetricsResultCallback): void {
    this.inner.export(metrics, (result) => {
      const failure = exportFailure(result, 'metrics');
      if (failure !== undefined) this.onError(failure);
      resultCallback(result);
    });
  }

  selectAggregationTemporality(instrumentType: InstrumentType) {
    return this.inner.selectAggregationTemporality(instrumentType);
  }

  selectAggregation(instrumentType: InstrumentType) {
    return this.inner.selectAggregation(instrumentType);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
