// The performance targets for the gateway, checked against the run's medians. A target
// with no measurement (the gateway not built or failing its preflight) is "not measured", never met.

import { formatMegabytes, formatPercent, formatSignedMs } from './format.js';
import { medianDifference, medianMetric, medianRatio } from './summary.js';
import type { Round } from './summary.js';

export type GoalStatus = 'met' | 'not met' | 'not measured';

export interface GoalCheck {
  name: string;
  goal: string;
  measured: string;
  status: GoalStatus;
}

export const goalLimits = {
  /** Gateway requests/s at c=64 as a share of the bare proxy's. */
  minThroughputShare: 0.8,
  /** Added p50 latency at c=1 over the bare proxy, µs. */
  maxAddedLatencyP50Us: 100,
  /** Added p50 time to first content over the bare proxy, µs. */
  maxAddedFirstTokenUs: 1000,
  /** Peak RSS with 256 open streams, bytes (decimal MB). */
  maxRssBytes: 200e6,
} as const;

function status(value: number, passes: (value: number) => boolean): GoalStatus {
  if (!Number.isFinite(value)) return 'not measured';
  return passes(value) ? 'met' : 'not met';
}

/** RSS only counts when the target really held every stream open; fewer is a miss, not a saving. */
function rssCheck(rounds: readonly Round[], openStreams: number): GoalCheck {
  const rss = medianMetric(rounds, 'gateway', 'peakRssBytes');
  const opened = medianMetric(rounds, 'gateway', 'streamsOpened');
  const check: GoalCheck = {
    name: `peak RSS, ${openStreams} open streams`,
    goal: `≤ ${formatMegabytes(goalLimits.maxRssBytes)}`,
    measured: formatMegabytes(rss),
    status: status(rss, (value) => value <= goalLimits.maxRssBytes),
  };
  if (check.status !== 'not measured' && opened < openStreams) {
    return {
      ...check,
      measured: `${check.measured} with only ${opened} of ${openStreams} streams open`,
      status: 'not met',
    };
  }
  return check;
}

export function checkGoals(rounds: readonly Round[], openStreams: number): GoalCheck[] {
  const share = medianRatio(rounds, 'gateway', 'bare', 'requestsPerSecond');
  const addedLatency = medianDifference(rounds, 'gateway', 'bare', 'latencyP50Us');
  const addedFirstToken = medianDifference(rounds, 'gateway', 'bare', 'firstTokenP50Us');
  return [
    {
      name: 'throughput at c=64',
      goal: `≥ ${formatPercent(goalLimits.minThroughputShare)} of bare proxy`,
      measured: formatPercent(share),
      status: status(share, (value) => value >= goalLimits.minThroughputShare),
    },
    {
      name: 'added p50 latency at c=1',
      goal: `≤ ${formatSignedMs(goalLimits.maxAddedLatencyP50Us)} over bare proxy`,
      measured: formatSignedMs(addedLatency),
      status: status(addedLatency, (value) => value <= goalLimits.maxAddedLatencyP50Us),
    },
    {
      name: 'added first-token delay (p50)',
      goal: `≤ ${formatSignedMs(goalLimits.maxAddedFirstTokenUs)} over bare proxy`,
      measured: formatSignedMs(addedFirstToken),
      status: status(addedFirstToken, (value) => value <= goalLimits.maxAddedFirstTokenUs),
    },
    rssCheck(rounds, openStreams),
  ];
}
