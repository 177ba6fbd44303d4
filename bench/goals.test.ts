import { describe, expect, it } from 'vitest';
import { checkGoals, goalLimits } from './goals.js';
import type { SuiteResult } from './suite.js';
import type { Round } from './summary.js';

const bare: SuiteResult = {
  latencyP50Us: 300,
  latencyP99Us: 600,
  requestsPerSecond: 10_000,
  cpuMicrosPerRequest: 40,
  firstTokenP50Us: 21_000,
  firstTokenP99Us: 23_000,
  peakRssBytes: 70e6,
  streamsOpened: 256,
  streamsHeldUpstream: 256,
  errors: 0,
};

function statuses(gateway: Partial<SuiteResult> | undefined): Record<string, string> {
  const rounds: Round[] = [{ bare, ...(gateway ? { gateway: { ...bare, ...gateway } } : {}) }];
  return Object.fromEntries(checkGoals(rounds, 256).map((goal) => [goal.name.split(',')[0], goal.status]));
}

describe('checkGoals', () => {
  it('marks every target met at exactly its limit', () => {
    expect(
      statuses({
        requestsPerSecond: bare.requestsPerSecond * goalLimits.minThroughputShare,
        latencyP50Us: bare.latencyP50Us + goalLimits.maxAddedLatencyP50Us,
        firstTokenP50Us: bare.firstTokenP50Us + goalLimits.maxAddedFirstTokenUs,
        peakRssBytes: goalLimits.maxRssBytes,
      }),
    ).toEqual({
      'throughput at c=64': 'met',
      'added p50 latency at c=1': 'met',
      'added first-token delay (p50)': 'met',
      'peak RSS': 'met',
    });
  });

  it('marks every target not met just past its limit', () => {
    expect(
      Object.values(
        statuses({
          requestsPerSecond: bare.requestsPerSecond * goalLimits.minThroughputShare - 1,
          latencyP50Us: bare.latencyP50Us + goalLimits.maxAddedLatencyP50Us + 1,
          firstTokenP50Us: bare.firstTokenP50Us + goalLimits.maxAddedFirstTokenUs + 1,
          peakRssBytes: goalLimits.maxRssBytes + 1,
        }),
      ),
    ).toEqual(['not met', 'not met', 'not met', 'not met']);
  });

  it('says "not measured" when there is no gateway, never "met"', () => {
    expect(new Set(Object.values(statuses(undefined)))).toEqual(new Set(['not measured']));
  });

  it('does not credit low memory to a gateway that held fewer streams open', () => {
    const [rss] = checkGoals(
      [{ bare, gateway: { ...bare, peakRssBytes: 50e6, streamsOpened: 128 } }],
      256,
    ).slice(-1);
    expect(rss?.status).toBe('not met');
    expect(rss?.measured).toMatch(/only 128 of 256 streams open/);
  });
});
