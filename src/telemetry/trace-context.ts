// W3C Trace Context at the edge: read the client's traceparent/tracestate, mint trace and span ids,
// and write the traceparent sent upstream. Runs once per request, so it only slices strings and
// reads a pooled random buffer; no I/O, no OpenTelemetry SDK objects.
// @see https://www.w3.org/TR/trace-context/

import { randomFillSync } from 'node:crypto';

/** The request's place in a trace (the request trail carries it). */
export interface IncomingTrace {
  traceId: string;
  /** The gateway's own span for this request (always new). */
  spanId: string;
  /** The client's span, when it sent a valid traceparent. */
  parentSpanId: string | null;
  /** The client's sampled flag; true when the gateway starts the trace. */
  sampled: boolean;
  /** The client's tracestate, verbatim, when valid and with a valid traceparent. */
  tracestate?: string | undefined;
}

export interface TraceParent {
  traceId: string;
  parentSpanId: string;
  sampled: boolean;
}

/**
 * Longest tracestate kept: the spec asks every vendor to pass on at least 512 characters and lets
 * longer values be cut at whole list members, which bounds what a client can make us carry.
 */
export const maxTracestateLength = 512;

const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const zeroTraceId = '0'.repeat(32);
const zeroSpanId = '0'.repeat(16);

/**
 * Version 00 only, lowercase hex, exact length, no all-zero ids; anything else is null and the
 * gateway starts a new trace. A repeated header (joined with ", " by node:http) fails the length.
 */
export function parseTraceparent(header: string | string[] | undefined): TraceParent | null {
  if (typeof header !== 'string' || header.length !== 55) return null;
  const match = traceparentPattern.exec(header);
  if (match === null) return null;
  const [, traceId, parentSpanId, flags] = match as unknown as [string, string, string, string];
  if (traceId === zeroTraceId || parentSpanId === zeroSpanId) return null;
  return { traceId, parentSpanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

/**
 * The tracestate to pass on, or undefined. Kept verbatim; over the bound it is cut after the last
 * whole list member that fits. Control or non-ASCII characters drop it entirely: it is echoed
 * into upstream request headers.
 */
export function parseTracestate(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value === undefined) return undefined;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code > 0x7e) return undefined;
  }
  let kept = value.trim();
  if (kept.length > maxTracestateLength) {
    const cut = kept.lastIndexOf(',', maxTracestateLength);
    kept = cut < 0 ? '' : kept.slice(0, cut).trim();
  }
  return kept === '' ? undefined : kept;
}

/** The trace of a new request: continue the client's trace when its traceparent is valid. */
export function incomingTrace(
  traceparent: string | string[] | undefined,
  tracestate: string | string[] | undefined,
): IncomingTrace {
  const parent = parseTraceparent(traceparent);
  if (parent === null)
    return { traceId: newTraceId(), spanId: newSpanId(), parentSpanId: null, sampled: true };
  return {
    traceId: parent.traceId,
    spanId: newSpanId(),
    parentSpanId: parent.parentSpanId,
    sampled: parent.sampled,
    // The spec ties tracestate to a valid traceparent: without one it is discarded.
    tracestate: parseTracestate(tracestate),
  };
}

/** The traceparent header for an upstream request whose parent is `spanId` (the attempt's span). */
export function formatTraceparent(traceId: string, spanId: string, sampled: boolean): string {
  return `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}

/** Where trace and span ids come from; `createIdSource` takes the random fill so tests can steer it. */
export interface IdSource {
  /**
   * 32 lowercase hex characters: the time in milliseconds (12 characters), then 10 random bytes.
   * Time first, as AWS X-Ray and UUIDv7 do, so the request log's trace index grows at its end
   * instead of at random places (an insert cost 16 µs less on SQLite, docs/decisions/0006); the
   * 80 random bits on the right are what samplers that hash the trace id read.
   */
  traceId(): string;
  /** 8 random bytes as 16 lowercase hex characters, never all zero. */
  spanId(): string;
}

/**
 * Ids drawn from a pooled buffer: one fill per `poolSize` bytes (4 KiB: 256 trace ids or 512 span
 * ids) instead of a randomBytes call and a fresh Buffer per id.
 */
export function createIdSource(
  fill: (buffer: Buffer) => void = randomFillSync,
  poolSize = 4096,
  now: () => number = Date.now,
): IdSource {
  const pool = Buffer.allocUnsafeSlow(poolSize);
  let offset = poolSize;
  const randomHex = (bytes: number): string => {
    for (;;) {
      if (offset + bytes > poolSize) {
        fill(pool);
        offset = 0;
      }
      const start = offset;
      offset += bytes;
      // An all-zero id is invalid in W3C Trace Context: draw again (odds 2^-64 or less).
      for (let index = start; index < offset; index++) {
        if (pool[index] !== 0) return pool.toString('hex', start, offset);
      }
    }
  };
  return {
    traceId: () => (now() % 2 ** 48).toString(16).padStart(12, '0') + randomHex(10),
    spanId: () => randomHex(8),
  };
}

const ids = createIdSource();

export function newTraceId(): string {
  return ids.traceId();
}

export function newSpanId(): string {
  return ids.spanId();
}
