// Ship finished requests as spans over OTLP/HTTP (JSON): build the spans from the record after the
// response, queue them in a BatchSpanProcessor, which exports in the background. Only built when
// an OTLP endpoint is configured; never throws into the gateway, never holds the request path.

import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { exportFailure, otlpResource, signalUrl } from './otlp-options.js';
import type { OtlpOptions } from './otlp-options.js';
import { recordSpans } from './record-spans.js';
import type { RecordSpansContext } from './record-spans.js';
import type { ServerAddress } from './record-spans-attributes.js';
import type { RequestRecord } from './request-record.js';

export interface TraceExporterOptions extends OtlpOptions {
  /** The upstream host of a deployment (a `providers:` key), for server.address on attempt spans. */
  upstreamAddress?: (deployment: string) => ServerAddress | undefined;
  /** Spans held in memory at most; past it new spans are dropped (default 2048). */
  maxQueueSize?: number;
  /** Spans per export request (default 512). */
  maxExportBatchSize?: number;
  /** How long spans wait for a batch to fill, ms (default 5000). */
  scheduledDelayMs?: number;
}

export class TraceExporter {
  readonly #processor: BatchSpanProcessor;
  readonly #context: RecordSpansContext;
  readonly #onError: (error: Error) => void;
  #closing: Promise<void> | undefined;

  constructor(options: TraceExporterOptions) {
    this.#onError = options.onError ?? (() => undefined);
    const exporter = new OTLPTraceExporter({
      url: signalUrl(options.endpoint, 'traces'),
      headers: options.headers,
      timeoutMillis: options.timeoutMs ?? 10_000,
    });
    this.#processor = new BatchSpanProcessor(new ReportingSpanExporter(exporter, this.#onError), {
      maxQueueSize: options.maxQueueSize,
      maxExportBatchSize: options.maxExportBatchSize,
      scheduledDelayMillis: options.scheduledDelayMs,
      exportTimeoutMillis: options.timeoutMs ?? 10_000,
    });
    this.#context = {
      resource: otlpResource(options),
      instrumentationScope: { name: 'switchyard', version: options.serviceVersion },
      upstreamAddress: options.upstreamAddress,
    };
  }

  /**
   * Queue the spans of a finished request. `sampled`: the client's traceparent flag (false: the
   * client's trace is not being recorded, so neither is ours). Cheap, and never throws.
   */
  export(record: RequestRecord, sampled = true): void {
    if (!sampled || this.#closing !== undefined) return;
    try {
      for (const span of recordSpans(record, this.#context)) this.#processor.onEnd(span);
    } catch (error) {
      this.#onError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * Export everything queued now (tests, and before a planned stop). Resolves even when the
   * export failed: the failure already went to `onError`.
   */
  async flush(): Promise<void> {
    await this.#processor.forceFlush().catch(() => undefined);
  }

  /** Export what is queued, then stop; later `export` calls are ignored. */
  close(): Promise<void> {
    this.#closing ??= this.#processor.shutdown().catch(() => undefined);
    return this.#closing;
  }
}

/** Passes spans through and reports failed exports, which the SDK would only log to its diag. */
class ReportingSpanExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly onError: (error: Error) => void,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      const failure = exportFailure(result, 'traces');
      if (failure !== undefined) this.onError(failure);
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
