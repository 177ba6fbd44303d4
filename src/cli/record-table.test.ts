import { describe, it, expect } from 'vitest';
import type { RecordView } from './record-schemas.js';
import { formatCost, localTimeFormatter, recordRow, RecordTail } from './record-table.js';

const noon = Date.parse('2025-06-01T12:00:09.999Z');

function record(overrides: Partial<RecordView> = {}): RecordView {
  return {
    id: 'req_1',
    receivedAt: noon,
    doneAt: noon + 42,
    model: 'gpt-4o',
    provider: 'openai',
    upstreamModel: 'gpt-4o-2024-08-06',
    status: 200,
    outcome: 'ok',
    usage: { inputTokens: 10, outputTokens: 5, source: 'provider' },
    cost: { usd: 0.000123 },
    ...overrides,
  };
}

describe('localTimeFormatter', () => {
  it('writes the time in the given zone, to the second, on a 24-hour clock', () => {
    expect(localTimeFormatter('UTC')(noon)).toBe('2025-06-01 12:00:09');
    expect(localTimeFormatter('America/Los_Angeles')(noon)).toBe('2025-06-01 05:00:09');
    expect(localTimeFormatter('Asia/Kathmandu')(Date.parse('2025-12-31T18:30:00Z'))).toBe(
      '2026-01-01 00:15:00',
    );
  });

  it('falls back to the machine zone on a TZ that is no IANA name', () => {
    const machine = localTimeFormatter(undefined)(noon);
    expect(machine).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(localTimeFormatter(':/etc/localtime')(noon)).toBe(machine);
    expect(localTimeFormatter('')(noon)).toBe(machine);
  });
});

describe('recordRow', () => {
  const utc = localTimeFormatter('UTC');

  it('shows who served the request, tokens, cost and duration', () => {
    expect(recordRow(record(), utc)).toEqual([
      '2025-06-01 12:00:09',
      '200',
      'ok',
      'gpt-4o -> openai/gpt-4o-2024-08-06',
      '10',
      '5',
      '$0.000123',
      '42',
      'req_1',
    ]);
  });

  it('marks estimated tokens and unknown costs, and copes with no upstream model', () => {
    const row = recordRow(
      record({
        upstreamModel: null,
        usage: { inputTokens: 7, outputTokens: 0, source: 'estimated' },
        cost: { usd: null },
      }),
      utc,
    );
    expect(row.slice(3, 7)).toEqual(['gpt-4o -> openai', '~7', '~0', '?']);
  });
});

describe('formatCost', () => {
  it('never rounds a small cost to nothing, and never shows an unknown one as free', () => {
    expect(formatCost(0.0000004)).toBe('$0.000000');
    expect(formatCost(0.0000006)).toBe('$0.000001');
    expect(formatCost(12.5)).toBe('$12.500000');
    expect(formatCost(null)).toBe('?');
  });
});

describe('RecordTail', () => {
  it('prints the header once and keeps columns aligned as batches come in', () => {
    const tail = new RecordTail('UTC');
    expect(tail.format([])).toBe('TIME  STATUS  OUTCOME  MODEL  IN  OUT  COST  MS  ID\n');
    const first = tail.format([record()]);
    expect(first).toBe(
      '2025-06-01 12:00:09  200     ok       gpt-4o -> openai/gpt-4o-2024-08-06  10  5    $0.000123  42  req_1\n',
    );
    const second = tail.format([record({ id: 'req_2', model: 'o3', upstreamModel: 'o3', status: 429 })]);
    expect(second).toBe(
      '2025-06-01 12:00:09  429     ok       o3 -> openai/o3                     10  5    $0.000123  42  req_2\n',
    );
  });
});
