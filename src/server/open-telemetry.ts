// Assembles what finished requests feed: the request log writer (with its spill directory and
// retention job), Prometheus metrics, and - when an OTLP endpoint is configured - the trace and
// GenAI metric exporters. Returns them with one close() that flushes in the right order.

import path from 'node:path';
import type { ConfigHolder } from '../config/config-holder.js';
import type { GatewayConfig } from '../config/config-schema.js';
import type { RecordStore } from '../storage/record-store.js';
import type { ReviewStore } from '../storage/review-store.js';
import type { GenAiMetrics } from '../telemetry/genai-metrics.js';
import { Metrics } from '../telemetry/metrics.js';
import { RecordWriter } from '../telemetry/record-writer.js';
import { Records } from '../telemetry/records.js';
import type { RequestRecord } from '../telemetry/request-record.js';
import { RetentionJob } from '../telemetry/retention.js';
import type { TraceExporter } from '../telemetry/trace-exporter.js';

export interface TelemetryParts {
  records: Records;
  writer: RecordWriter | undefined;
  metrics: Metrics | undefined;
  retention: RetentionJob | undefined;
  /** Waits for finished requests to be recorded, flushes the writer and the exporters. */
  close(): Promise<void>;
}

export interface TelemetryOptions {
  config: GatewayConfig;
  configs: ConfigHolder;
  store: RecordStore | undefined;
  /** The review queue, for its pending gauge. */
  reviews?: ReviewStore | undefined;
  inFlight: () => number;
  log: (line: string) => void;
  /** Told of every finished record (tokens per deployment, for declared quotas). */
  usage?: (record: RequestRecord) => void;
  /** How long close() may spend storing queued records before spilling them (default 5 s). */
  flushTimeoutMs?: number;
}

export async function openTelemetry(options: TelemetryOptions): Promise<TelemetryParts> {
  const { config, configs, store, log } = options;
  const writer =
    store === undefined || !config.records.enabled
      ? undefined
      : new RecordWriter({
          store,
          spillDir: config.records.spillDir ?? path.join(config.storage.dataDir, 'spill'),
          queueCapacity: config.records.queueCapacity,
          batchSize: config.records.batchSize,
          flushIntervalMs: config.records.flushIntervalMs,
          log: (level, message) => log(`switchyard ${level}: request log: ${message}`),
        });
  await writer?.start();
  const metrics = config.telemetry.metrics.enabled
    ? new Metrics({ onError: (error) => log(`switchyard warn: metrics: ${error.message}`) })
    : undefined;
  if (metrics !== undefined) {
    if (writer !== undefined) metrics.registerRecordWriter(() => writer.stats());
    const reviews = options.reviews;
    if (writer !== undefined && reviews !== undefined) metrics.registerReviews(() => reviews.pendingCount());
    metrics.registerInFlight(options.inFlight);
  }
  const otlp = config.telemetry.otlp;
  let tracer: TraceExporter | undefined;
  let genAi: GenAiMetrics | undefined;
  if (otlp !== undefined) {
    // The OpenTelemetry SDK is loaded only when export is configured: it is memory the default
    // setup would carry for nothing.
    const [{ TraceExporter }, { GenAiMetrics }] = await Promise.all([
      import('../telemetry/trace-exporter.js'),
      import('../telemetry/genai-metrics.js'),
    ]);
    const exportOptions = {
      endpoint: otlp.endpoint,
      headers: otlp.headers,
      serviceName: otlp.serviceName,
      onError: (error: Error) => log(`switchyard warn: OTLP export: ${error.message}`),
    };
    tracer = new TraceExporter({
      ...exportOptions,
      upstreamAddress: (deployment) => upstreamAddress(configs, deployment),
    });
    genAi = new GenAiMetrics({ ...exportOptions, exportIntervalMs: otlp.metricsIntervalMs });
  }
  const retention =
    writer === undefined || store === undefined
      ? undefined
      : new RetentionJob({ store, config: () => configs.current, log, holds: options.reviews });
  retention?.start();
  const usage = options.usage;
  const records = new Records(
    { writer, metrics, tracer, genAi, usage: usage === undefined ? undefined : { observe: usage } },
    log,
  );
  let closing: Promise<void> | undefined;
  return {
    records,
    writer,
    metrics,
    retention,
    close: () =>
      (closing ??= (async () => {
        await records.settled();
        await records.close();
        await retention?.stop();
        await writer?.close(options.flushTimeoutMs ?? 5_000);
        await Promise.allSettled([tracer?.close(), genAi?.close()]);
      })()),
  };
}

function upstreamAddress(
  configs: ConfigHolder,
  deployment: string,
): { address: string; port?: number } | undefined {
  const baseUrl = configs.current.providers[deployment]?.baseUrl;
  if (baseUrl === undefined) return undefined;
  try {
    const url = new URL(baseUrl);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return { address: url.hostname, port };
  } catch {
    return undefined;
  }
}
