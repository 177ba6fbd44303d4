import { describe, expect, it } from 'vitest';
import {
  createIdSource,
  formatTraceparent,
  incomingTrace,
  maxTracestateLength,
  newSpanId,
  newTraceId,
  parseTraceparent,
  parseTracestate,
} from './trace-context.js';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spanId = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it.each([
    ['sampled', `00-${traceId}-${spanId}-01`, { traceId, parentSpanId: spanId, sampled: true }],
    ['not sampled', `00-${traceId}-${spanId}-00`, { traceId, parentSpanId: spanId, sampled: false }],
    [
      'other flag bits, sampled bit set',
      `00-${traceId}-${spanId}-03`,
      { traceId, parentSpanId: spanId, sampled: true },
    ],
    [
      'other flag bits, sampled bit clear',
      `00-${traceId}-${spanId}-02`,
      { traceId, parentSpanId: spanId, sampled: false },
    ],
  ])('accepts %s', (_name, header, expected) => {
    expect(parseTraceparent(header)).toEqual(expected);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['an array (repeated header)', [`00-${traceId}-${spanId}-01`]],
    ['two values joined by node:http', `00-${traceId}-${spanId}-01, 00-${traceId}-${spanId}-01`],
    ['uppercase hex', `00-${traceId.toUpperCase()}-${spanId}-01`],
    ['uppercase span id', `00-${traceId}-${spanId.toUpperCase()}-01`],
    ['uppercase flags', `00-${traceId}-${spanId}-0A`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${spanId}-01`],
    ['all-zero span id', `00-${traceId}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${traceId}-${spanId}-01`],
    ['version 01', `01-${traceId}-${spanId}-01`],
    ['short trace id', `00-${traceId.slice(1)}-${spanId}-01`],
    ['long trace id', `00-${traceId}0-${spanId}-01`],
    ['short span id', `00-${traceId}-${spanId.slice(1)}-01`],
    ['one-digit flags', `00-${traceId}-${spanId}-1`],
    ['trailing data', `00-${traceId}-${spanId}-01-extra`],
    ['wrong separators', `00_${traceId}_${spanId}_01`],
    ['non-hex character', `00-${traceId.slice(0, 31)}g-${spanId}-01`],
    ['leading space', ` 00-${traceId}-${spanId}-0`],
  ])('rejects %s', (_name, header) => {
    expect(parseTraceparent(header)).toBeNull();
  });
});

describe('parseTracestate', () => {
  it('keeps a valid value verbatim', () => {
    expect(parseTracestate('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE')).toBe(
      'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
    );
  });

  it('joins repeated headers and drops empty ones', () => {
    expect(parseTracestate(['a=1', 'b=2'])).toBe('a=1,b=2');
    expect(parseTracestate('   ')).toBeUndefined();
    expect(parseTracestate(undefined)).toBeUndefined();
  });

  it('cuts an over-long value after the last whole member that fits', () => {
    const member = (index: number): string => `vendor${index}=${'x'.repeat(40)}`;
    const members = Array.from({ length: 20 }, (_, index) => member(index));
    const kept = parseTracestate(members.join(','));
    expect(kept).toBeDefined();
    expect((kept as string).length).toBeLessThanOrEqual(maxTracestateLength);
    const keptMembers = (kept as string).split(',');
    expect(keptMembers).toEqual(members.slice(0, keptMembers.length));
    expect(keptMembers.length).toBeGreaterThan(5);
  });

  it('drops a single member too long to keep whole', () => {
    expect(parseTracestate(`a=${'x'.repeat(600)}`)).toBeUndefined();
  });

  it('drops values with control or non-ASCII characters (they would go into upstream headers)', () => {
    expect(parseTracestate('a=1\r\nx-injected: yes')).toBeUndefined();
    expect(parseTracestate('a=é')).toBeUndefined();
  });
});

describe('incomingTrace', () => {
  it('continues the client trace with a new span of its own', () => {
    const trace = incomingTrace(`00-${traceId}-${spanId}-00`, 'a=1');
    expect(trace).toEqual({
      traceId,
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      parentSpanId: spanId,
      sampled: false,
      tracestate: 'a=1',
    });
    expect(trace.spanId).not.toBe(spanId);
  });

  it('starts a new sampled trace without a valid traceparent, discarding tracestate', () => {
    const trace = incomingTrace(`00-${traceId.toUpperCase()}-${spanId}-01`, 'a=1');
    expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(trace.traceId).not.toBe(traceId.toUpperCase());
    expect(trace.parentSpanId).toBeNull();
    expect(trace.sampled).toBe(true);
    expect(trace.tracestate).toBeUndefined();
  });
});

describe('formatTraceparent', () => {
  it('writes version 00 with the sampled flag, and round-trips through the parser', () => {
    expect(formatTraceparent(traceId, spanId, true)).toBe(`00-${traceId}-${spanId}-01`);
    expect(formatTraceparent(traceId, spanId, false)).toBe(`00-${traceId}-${spanId}-00`);
    expect(parseTraceparent(formatTraceparent(traceId, spanId, true))).toEqual({
      traceId,
      parentSpanId: spanId,
      sampled: true,
    });
  });
});

describe('ids', () => {
  it('are lowercase hex of the right length and unique over many draws (past several pool refills)', () => {
    const traceIds = new Set<string>();
    const spanIds = new Set<string>();
    let malformed = 0;
    for (let index = 0; index < 20_000; index++) {
      const trace = newTraceId();
      const span = newSpanId();
      if (!/^[0-9a-f]{32}$/.test(trace) || !/^[0-9a-f]{16}$/.test(span)) malformed += 1;
      traceIds.add(trace);
      spanIds.add(span);
    }
    expect(malformed).toBe(0);
    expect(traceIds.size).toBe(20_000);
    expect(spanIds.size).toBe(20_000);
  });

  it('puts the time first in a trace id, and skips all-zero random parts', () => {
    // First fill: 10 zero bytes then 0x01...; the zero random part must be skipped.
    let fills = 0;
    const source = createIdSource(
      (buffer) => {
        fills += 1;
        buffer.fill(fills === 1 ? 0 : 0xab);
        if (fills === 1) buffer.fill(1, 10);
      },
      32,
      () => 0x0123456789ab,
    );
    expect(source.traceId()).toBe(`0123456789ab${'01'.repeat(10)}`);
    // Bytes 20..27 of the first fill; the next id needs a refill.
    expect(source.spanId()).toBe('01'.repeat(8));
    expect(source.spanId()).toBe('ab'.repeat(8));
    expect(fills).toBe(2);
  });

  it('orders trace ids minted later after earlier ones', () => {
    let time = 1_800_000_000_000;
    const source = createIdSource(undefined, 4096, () => time);
    const first = source.traceId();
    time += 1;
    expect(source.traceId() > first).toBe(true);
  });

  it('skip all-zero span ids across refills', () => {
    let fills = 0;
    const source = createIdSource((buffer) => {
      fills += 1;
      buffer.fill(fills < 3 ? 0 : 7);
    }, 16);
    expect(source.spanId()).toBe('07'.repeat(8));
    expect(fills).toBe(3);
  });
});
