import { describe, expect, it } from 'vitest';
import { DeploymentStats, failureHalfLifeMs } from './deployment-stats.js';

describe('DeploymentStats', () => {
  it('counts a never-tried deployment as fastest, and one that only failed as slowest', () => {
    const stats = new DeploymentStats();
    expect(stats.expectedLatencyMs(stats.of('fresh'))).toBe(0);
    stats.started('down');
    stats.ended('down', 2, 'failure');
    expect(stats.of('down')).toMatchObject({ inFlight: 0, latencyMs: undefined, samples: 0 });
    expect(stats.expectedLatencyMs(stats.of('down'))).toBe(Number.POSITIVE_INFINITY);
  });

  it('times only good answers: a fast failure raises the failure rate, never lowers the time', () => {
    const stats = new DeploymentStats();
    for (let index = 0; index < 5; index++) stats.ended('east', 300, 'success');
    stats.ended('east', 1, 'failure');
    expect(stats.of('east').latencyMs).toBe(300);
    expect(stats.of('east').failureRate).toBeCloseTo(0.2);
    expect(stats.expectedLatencyMs(stats.of('east'))).toBeCloseTo(375);
    expect(stats.p95('east')).toBe(300);
    // Answering again brings it back down as the failure fades.
    for (let index = 0; index < 20; index++) stats.ended('east', 300, 'success');
    expect(stats.expectedLatencyMs(stats.of('east'))).toBeLessThan(305);
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

  it('lets failures fade, so a deployment that only failed is tried again once it has rested', () => {
    let now = 1_000;
    const stats = new DeploymentStats(() => now);
    stats.ended('down', 2, 'failure');
    expect(stats.expectedLatencyMs(stats.of('down'))).toBe(Number.POSITIVE_INFINITY);
    now += failureHalfLifeMs / 2;
    expect(stats.expectedLatencyMs(stats.of('down'))).toBe(Number.POSITIVE_INFINITY);
    now += failureHalfLifeMs;
    expect(stats.expectedLatencyMs(stats.of('down'))).toBe(0);
  });

  it('fades a failure rate by half each half-life, and keeps adding new failures to what is left', () => {
    let now = 0;
    const stats = new DeploymentStats(() => now);
    for (let index = 0; index < 5; index++) stats.ended('east', 100, 'success');
    for (let index = 0; index < 10; index++) stats.ended('east', 1, 'failure');
    const failing = stats.expectedLatencyMs(stats.of('east'));
    expect(failing).toBeGreaterThan(500);
    now += failureHalfLifeMs;
    const rate = 1 - 100 / stats.expectedLatencyMs(stats.of('east'));
    expect(rate).toBeCloseTo((1 - 100 / failing) / 2, 5);
    stats.ended('east', 1, 'failure');
    expect(stats.of('east').failureRate).toBeCloseTo(rate + 0.2 * (1 - rate), 5);
    now += 10 * failureHalfLifeMs;
    expect(stats.expectedLatencyMs(stats.of('east'))).toBeLessThan(101);
  });
});
