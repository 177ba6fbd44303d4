import { describe, expect, it } from 'vitest';
import type { SuiteResult } from './suite.js';
import { measuredTargets, medianDifference, medianMetric, medianRatio, totalErrors } from './summary.js';
import type { Round } from './summary.js';

function result(latencyP50Us: number, requestsPerSecond: number, errors = 0): SuiteResult {
  return {
    latencyP50Us,
    latencyP99Us: latencyP50Us * 2,
    requestsPerSecond,
    cpuMicrosPerRequest: 50,
    firstTokenP50Us: 21_000,
    firstTokenP99Us: 22_000,
    peakRssBytes: 60e6,
    streamsOpened: 256,
    streamsHeldUpstream: 256,
    errors,
  };
}

// The machine gets slower in run 3: both targets drift together.
const rounds: Round[] = [
  { bare: result(200, 1000), gateway: result(260, 900) },
  { bare: result(210, 1100), gateway: result(270, 880, 2) },
  { bare: result(900, 500), gateway: result(950, 450) },
];

describe('summary', () => {
  it('takes medians per target', () => {
    expect(medianMetric(rounds, 'bare', 'latencyP50Us')).toBe(210);
    expect(medianMetric(rounds, 'gateway', 'requestsPerSecond')).toBe(880);
    expect(medianMetric(rounds, 'direct', 'latencyP50Us')).toBeNaN();
  });

  it('compares targets run by run, so drift cancels', () => {
    // Per-run latency differences 60, 60, 50 -> 60. Per-run throughput ratios 0.9, 0.8, 0.9 -> 0.9,
    // where dividing the medians (880 / 1000) would mix runs and give 0.88.
    expect(medianDifference(rounds, 'gateway', 'bare', 'latencyP50Us')).toBe(60);
    expect(medianRatio(rounds, 'gateway', 'bare', 'requestsPerSecond')).toBeCloseTo(0.9, 10);
  });

  it('pairs only runs that measured both targets', () => {
    const partial: Round[] = [
      { bare: result(100, 1000), gateway: result(150, 800) },
      { bare: result(100, 1000) },
    ];
    expect(medianDifference(partial, 'gateway', 'bare', 'latencyP50Us')).toBe(50);
    expect(medianDifference(partial, 'gateway', 'direct', 'latencyP50Us')).toBeNaN();
  });

  it('adds up failures and lists measured targets in a fixed order', () => {
    expect(totalErrors(rounds, 'gateway')).toBe(2);
    expect(totalErrors(rounds, 'bare')).toBe(0);
    expect(totalErrors(rounds, 'direct')).toBeUndefined();
    expect(measuredTargets([{ gateway: result(1, 1) }, { bare: result(1, 1) }])).toEqual(['bare', 'gateway']);
  });
});
