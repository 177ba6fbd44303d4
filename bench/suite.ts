// One measurement pass over one target: latency at c=1, throughput and CPU at c=64, first-token
// time of streams at c=1, and peak RSS with many streams open. A round runs it once per target.

import { measureFirstToken } from './load/first-token.js';
import { measureLatency } from './load/latency.js';
import { measureOpenStreams } from './load/open-streams.js';
import { measureThroughput } from './load/throughput.js';
import type { MockControl } from './mock-control.js';
import type { Target } from './target.js';

export interface SuiteSettings {
  /** Unmeasured load on every target before the first run. */
  preheatMs: number;
  latencyWarmup: number;
  latencyRequests: number;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  streamWarmup: number;
  streamRequests: number;
  openStreams: number;
}

export interface SuiteResult {
  latencyP50Us: number;
  latencyP99Us: number;
  requestsPerSecond: number;
  cpuMicrosPerRequest: number;
  firstTokenP50Us: number;
  firstTokenP99Us: number;
  peakRssBytes: number;
  streamsOpened: number;
  streamsHeldUpstream: number;
  /** Failed requests and incomplete streams across every phase. */
  errors: number;
}

export type SuiteMetric = Exclude<keyof SuiteResult, 'errors'>;

export async function runSuite(
  target: Target,
  mock: MockControl,
  settings: SuiteSettings,
  progress: (message: string) => void,
): Promise<SuiteResult> {
  progress('latency c=1');
  const latency = await measureLatency(target, {
    warmup: settings.latencyWarmup,
    requests: settings.latencyRequests,
  });
  progress(`throughput c=${settings.concurrency}`);
  const throughput = await measureThroughput(target, {
    concurrency: settings.concurrency,
    durationMs: settings.durationMs,
    warmupMs: settings.warmupMs,
  });
  progress('first token');
  const firstToken = await measureFirstToken(target, {
    warmup: settings.streamWarmup,
    requests: settings.streamRequests,
  });
  progress(`${settings.openStreams} open streams`);
  const open = await measureOpenStreams(target, mock, {
    streams: settings.openStreams,
    openTimeoutMs: 10_000,
    sampleMs: 500,
    finishTimeoutMs: 30_000,
  });
  return {
    latencyP50Us: latency.p50Us,
    latencyP99Us: latency.p99Us,
    requestsPerSecond: throughput.requestsPerSecond,
    cpuMicrosPerRequest: throughput.cpuMicrosPerRequest,
    firstTokenP50Us: firstToken.p50Us,
    firstTokenP99Us: firstToken.p99Us,
    peakRssBytes: open.peakRssBytes,
    streamsOpened: open.opened,
    streamsHeldUpstream: open.heldUpstream,
    errors: latency.errors + throughput.errors + firstToken.errors + open.errors,
  };
}
