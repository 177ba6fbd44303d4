import { describe, expect, it } from 'vitest';
import { DeploymentStats, expectedLatencyMs } from './deployment-stats.js';

describe('DeploymentStats', () => {
  it('counts a never-tried deployment as fastest, and one that only failed as slowest', () => {
    const stats = new DeploymentStats();
    expect(expectedLatencyMs(stats.of('fresh'))).toBe(0);
    stats.started('down');
    stats.ended('down', 2, 'failure');
    expect(stats.of('down')).toMatchObject({ inFlight: 0, latencyMs: undefined, samples: 0 });
    expect(expectedLatencyMs(stats.of('down'))).toBe(Number.POSITIVE_INFINITY);
  });

  it('times only good answers: a fast failure raises the failure rate, never lowers the time', () => {
    const stats = new DeploymentStats();
    for (let index = 0; index < 5; index++) stats.ended('east', 300, 'success');
    stats.ended('east', 1, 'failure');
    expect(stats.of('east').latencyMs).toBe(300);
    expect(stats.of('east').failureRate).toBeCloseTo(0.2);
    expect(expectedLatencyMs(stats.of('east'))).toBeCloseTo(375);
    expect(stats.p95('east')).toBe(300);
    // Answering again brings it back down as the failure fades.
    for (let index = 0; index < 20; index++) stats.ended('east', 300, 'success');
    expect(expectedLatencyMs(stats.of('east'))).toBeLessThan(305);
  });

  it('takes nothing from a refusal (a 4xx, a 429) but its in-flight count', () => {
    const stats = new DeploymentStats();
    for (let index = 0; index < 5; index++) stats.ended('east', 300, 'success');
    stats.started('east');
    stats.ended('east', 2, 'refused');
    expect(stats.of('east')).toMatchObject({ inFlight: 0, latencyMs: 300, failureRate: 0, samples: 5 });
    expect(stats.p95('east')).toBe(300);
  });

  it('keeps an answered stream in flight until it is abandoned', () => {
    const stats = new DeploymentStats();
    stats.started('east');
    stats.ended('east', 40, 'success', true);
    expect(stats.of('east')).toMatchObject({ inFlight: 1, latencyMs: 40 });
    stats.abandoned('east');
    expect(stats.of('east').inFlight).toBe(0);
  });
});
