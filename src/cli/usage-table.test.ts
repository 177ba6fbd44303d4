import { describe, it, expect } from 'vitest';
import type { UsageRowView } from './record-schemas.js';
import { formatUsageTable } from './usage-table.js';

function row(overrides: Partial<UsageRowView>): UsageRowView {
  return {
    group: 'gpt-4o',
    requests: 1,
    errors: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    unpricedRequests: 0,
    estimatedRequests: 0,
    ...overrides,
  };
}

describe('formatUsageTable', () => {
  it('right-aligns the figures and adds a total row', () => {
    const text = formatUsageTable([
      row({
        requests: 1520,
        errors: 12,
        inputTokens: 2_345_678,
        outputTokens: 456_789,
        cacheReadTokens: 1_000_000,
        costUsd: 14.2,
      }),
      row({
        group: null,
        requests: 3,
        inputTokens: 90,
        outputTokens: 10,
        reasoningTokens: 64,
        costUsd: 0.0004,
      }),
    ]);
    expect(text.split('\n')).toEqual([
      'GROUP   REQUESTS  ERRORS      INPUT   OUTPUT     CACHED  REASONING    COST USD',
      'gpt-4o     1,520      12  2,345,678  456,789  1,000,000          0  $14.200000',
      '(none)         3       0         90       10          0         64   $0.000400',
      'TOTAL      1,523      12  2,345,768  456,799  1,000,000         64  $14.200400',
      '',
    ]);
  });

  it('adds audio, web-search and fee columns only when some row has them', () => {
    const text = formatUsageTable([
      row({ group: 'gemini', inputTokens: 9_000, audioInputTokens: 8_000, costUsd: 0.01 }),
      row({ group: 'claude', inputTokens: 100, webSearchRequests: 3, feeUsd: 0.03, costUsd: 0.031 }),
    ]);
    expect(text.split('\n')).toEqual([
      'GROUP   REQUESTS  ERRORS  INPUT  OUTPUT  CACHED  REASONING  AUDIO IN  SEARCHES   FEES USD   COST USD',
      'gemini         1       0  9,000       0       0          0     8,000         0  $0.000000  $0.010000',
      'claude         1       0    100       0       0          0         0         3  $0.030000  $0.031000',
      'TOTAL          2       0  9,100       0       0          0     8,000         3  $0.030000  $0.041000',
      '',
    ]);
  });

  it('marks a cost with unpriced requests as a lower bound, there and in the total, and explains', () => {
    const text = formatUsageTable([
      row({ group: 'a', costUsd: 1 }),
      row({ group: 'b', costUsd: 0.5, unpricedRequests: 1, estimatedRequests: 2 }),
    ]);
    const lines = text.split('\n');
    expect(lines[1]).toMatch(/ {2}\$1\.000000$/);
    expect(lines[2]).toMatch(/ {2}\$0\.500000\+$/);
    expect(lines[3]).toMatch(/^TOTAL .* \$1\.500000\+$/);
    expect(lines.slice(4)).toEqual([
      '',
      '+ 1 request had no price for some tokens: the cost shown is a lower bound (see `switchyard models`).',
      '2 requests had no usage from the provider: their tokens were counted locally.',
      '',
    ]);
  });

  it('reads rows from a gateway that does not count estimates', () => {
    const { estimatedRequests: _dropped, ...older } = row({ group: 'x' });
    expect(formatUsageTable([older])).not.toContain('counted locally');
  });
});
