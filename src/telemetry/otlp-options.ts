// What the OTLP/HTTP exporters of traces and GenAI metrics share: the collector's address and
// headers, the service's resource, and where export failures are reported. No I/O here.

import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Resource } from '@opentelemetry/resources';

export interface OtlpOptions {
  /**
   * The collector's base URL, as OTEL_EXPORTER_OTLP_ENDPOINT: `http://collector:4318`; the signal
   * path (`/v1/traces`, `/v1/metrics`) is appended.
   */
  endpoint: string;
  /** Sent with every export (an API key for a hosted backend, say). */
  headers?: Record<string, string>;
  /** service.name (default `switchyard`). */
  serviceName?: string;
  serviceVersion?: string;
  /** More resource attributes: deployment.environment.name, service.instance.id, ... */
  resourceAttributes?: Record<string, string>;
  /** One export's time limit, ms (default 10 s). */
  timeoutMs?: number;
  /** Called when an export fails; telemetry never throws into the gateway. */
  onError?: (error: Error) => void;
}

export type OtlpSignal = 'traces' | 'metrics';

export function signalUrl(endpoint: string, signal: OtlpSignal): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/${signal}`;
}

export function otlpResource(options: OtlpOptions): Resource {
  return resourceFromAttributes({
    ...options.resourceAttributes,
    'service.name': options.serviceName ?? 'switchyard',
    ...(options.serviceVersion === undefined ? {} : { 'service.version': options.serviceVersion }),
  });
}

/**
 * The error to report for an export result, or undefined when it succeeded. Typed loosely: the
 * metrics exporter's results come from its own copy of @opentelemetry/core.
 */
export function exportFailure(
  result: { code: number; error?: Error },
  signal: OtlpSignal,
): Error | undefined {
  if (result.code === (ExportResultCode.SUCCESS as number)) return undefined;
  return result.error ?? new Error(`OTLP ${signal} export failed`);
}
