// Build a finished request's spans from its record, after the response: the request's SERVER span
// (its guardrail verdicts as events) and one CLIENT span per upstream attempt, with the ids and times the request path noted. Nothing
// here runs during the request; no I/O (trace-exporter.ts hands the spans to the OTLP exporter).

import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import type { Attributes, SpanContext, SpanStatus } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import { hrTimeDuration, millisToHrTime } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { guardrailEvents } from './guardrail-events.js';
import { attemptAttributes, attemptErrorType, requestAttributes } from './record-spans-attributes.js';
import type { ServerAddress } from './record-spans-attributes.js';
import type { AttemptRecord, RequestRecord } from './request-record.js';

export interface RecordSpansContext {
  /** Shared by every span: the OTLP exporter groups spans by resource object. */
  resource: Resource;
  instrumentationScope: InstrumentationScope;
  /** The upstream host of a deployment (a `providers:` key), when known. */
  upstreamAddress?: (deployment: string) => ServerAddress | undefined;
}

/** The request span first, then its attempts in order. */
export function recordSpans(record: RequestRecord, context: RecordSpansContext): ReadableSpan[] {
  const requestContext = sampledContext(record.traceId, record.spanId, false);
  const parent =
    record.parentSpanId === null ? undefined : sampledContext(record.traceId, record.parentSpanId, true);
  const spans: ReadableSpan[] = [
    readableSpan(context, {
      name: `${record.operation} ${record.model.slice(0, 256)}`,
      kind: SpanKind.SERVER,
      spanContext: requestContext,
      parentSpanContext: parent,
      startMs: record.receivedAt,
      endMs: record.doneAt,
      status: requestStatus(record),
      attributes: requestAttributes(record),
      events: guardrailEvents(record),
    }),
  ];
  const last = record.attempts.length - 1;
  record.attempts.forEach((attempt, index) => {
    const served = index === last && attempt.outcome !== 'error';
    spans.push(
      readableSpan(context, {
        name: `${record.operation} ${attempt.upstreamModel}`,
        kind: SpanKind.CLIENT,
        spanContext: sampledContext(record.traceId, attempt.spanId, false),
        parentSpanContext: requestContext,
        startMs: attempt.startedAt,
        endMs: attempt.startedAt + attempt.durationMs,
        status: attemptStatus(attempt),
        attributes: attemptAttributes(record, attempt, served, context.upstreamAddress?.(attempt.provider)),
      }),
    );
  });
  return spans;
}

/**
 * ERROR for failures the gateway or the upstream owns (5xx, or an error event ending a 200
 * stream); a 4xx is the client's mistake and stays UNSET on a SERVER span, as the HTTP
 * conventions say, with error.type still set. A client that went away is not an error.
 */
function requestStatus(record: RequestRecord): SpanStatus {
  if (record.outcome !== 'error' || (record.status >= 400 && record.status < 500))
    return { code: SpanStatusCode.UNSET };
  return { code: SpanStatusCode.ERROR, message: record.errorCode ?? undefined };
}

function attemptStatus(attempt: AttemptRecord): SpanStatus {
  if (attempt.outcome !== 'error') return { code: SpanStatusCode.UNSET };
  return { code: SpanStatusCode.ERROR, message: attemptErrorType(attempt) };
}

function sampledContext(traceId: string, spanId: string, isRemote: boolean): SpanContext {
  return { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote };
}

interface SpanParts {
  name: string;
  kind: SpanKind;
  spanContext: SpanContext;
  parentSpanContext: SpanContext | undefined;
  startMs: number;
  endMs: number;
  status: SpanStatus;
  attributes: Attributes;
  events?: TimedEvent[];
}

function readableSpan(context: RecordSpansContext, parts: SpanParts): ReadableSpan {
  const startTime = millisToHrTime(parts.startMs);
  const endTime = millisToHrTime(Math.max(parts.startMs, parts.endMs));
  return {
    name: parts.name,
    kind: parts.kind,
    spanContext: () => parts.spanContext,
    parentSpanContext: parts.parentSpanContext,
    startTime,
    endTime,
    duration: hrTimeDuration(startTime, endTime),
    status: parts.status,
    attributes: parts.attributes,
    links: [],
    events: parts.events ?? [],
    ended: true,
    resource: context.resource,
    instrumentationScope: context.instrumentationScope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}
