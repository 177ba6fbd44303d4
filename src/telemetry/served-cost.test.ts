import { describe, expect, it } from 'vitest';
import type { CostRecord } from './request-record.js';
import { servedUsd } from './served-cost.js';
import { sampleRecord } from './testing/sample-record.js';

const served: CostRecord = {
  ...sampleRecord().cost,
  usd: 0.0105,
  knownUsd: 0.0105,
  lines: [
    { part: 'input', tokens: 2_000, usdPerMillion: 3, usd: 0.006 },
    { part: 'output', tokens: 300, usdPerMillion: 15, usd: 0.0045 },
  ],
};

describe('servedUsd', () => {
  it('leaves out called-off attempts: what a replay from the cache would not have spent', () => {
    const hedged: CostRecord = {
      ...served,
      usd: 0.0205,
      knownUsd: 0.0205,
      calledOff: [
        {
          attempt: 0,
          provider: 'openai',
          upstreamModel: 'gpt-4o',
          inputTokens: 4_000,
          outputTokens: 0,
          source: 'estimated',
          usd: 0.01,
          knownUsd: 0.01,
        },
      ],
    };
    expect(servedUsd(hedged)).toBeCloseTo(0.0105, 12);
    // With nothing called off it is the record's own total.
    expect(servedUsd(served)).toBeCloseTo(0.0105, 12);
  });

  it('counts fees, and is unknown when a line or fee of the answer is', () => {
    const fee = { part: 'webSearch', requests: 5, usdPerThousand: 10, usd: 0.05 };
    expect(servedUsd({ ...served, fees: [fee] })).toBeCloseTo(0.0605, 12);
    expect(servedUsd({ ...served, fees: [{ ...fee, usdPerThousand: null, usd: null }] })).toBeNull();
    const unpriced = { part: 'audioInput', tokens: 900, usdPerMillion: null, usd: null };
    expect(servedUsd({ ...served, lines: [...served.lines, unpriced] })).toBeNull();
    // An answer that used no tokens at all cost nothing.
    expect(servedUsd({ ...served, usd: 0, knownUsd: 0, lines: [] })).toBe(0);
  });

  it('stays known when only a called-off attempt was unpriced', () => {
    const loser = { ...served, usd: null, knownUsd: 0.0105, unknown: ['calledOff'] };
    expect(servedUsd(loser)).toBeCloseTo(0.0105, 12);
  });
});
