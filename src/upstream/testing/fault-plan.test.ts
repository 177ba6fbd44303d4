import { describe, expect, it } from 'vitest';
import { checkFaultPlan, chooseFault, sampleLatency, seededRandom, type Fault } from './fault-plan.js';

const unavailable: Fault = { kind: 'status', status: 503 };
const reset: Fault = { kind: 'reset-before-headers' };

describe('seededRandom', () => {
  it('repeats its sequence for a seed, differs between seeds, and stays in [0, 1)', () => {
    const first = Array.from({ length: 1000 }, seededRandom(7));
    expect(Array.from({ length: 1000 }, seededRandom(7))).toEqual(first);
    expect(Array.from({ length: 1000 }, seededRandom(8))).not.toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = first.reduce((sum, value) => sum + value, 0) / first.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});

describe('chooseFault', () => {
  it('hits each fault at its rate and leaves the rest healthy', () => {
    const random = seededRandom(42);
    const plan = {
      faults: [
        { fault: unavailable, rate: 0.3 },
        { fault: reset, rate: 0.1 },
      ],
    };
    const counts = { unavailable: 0, reset: 0, healthy: 0 };
    for (let index = 0; index < 20_000; index++) {
      const fault = chooseFault(plan, random, 0);
      if (fault === unavailable) counts.unavailable++;
      else if (fault === reset) counts.reset++;
      else counts.healthy++;
    }
    expect(counts.unavailable / 20_000).toBeCloseTo(0.3, 1);
    expect(counts.reset / 20_000).toBeCloseTo(0.1, 1);
    expect(counts.healthy / 20_000).toBeCloseTo(0.6, 1);
  });

  it('flaps by the clock: healthy for upMs, failing for downMs, again and again', () => {
    const plan = { flap: { upMs: 100, downMs: 50, fault: unavailable } };
    const random = seededRandom(1);
    expect(chooseFault(plan, random, 0)).toBeUndefined();
    expect(chooseFault(plan, random, 99)).toBeUndefined();
    expect(chooseFault(plan, random, 100)).toBe(unavailable);
    expect(chooseFault(plan, random, 149)).toBe(unavailable);
    expect(chooseFault(plan, random, 150)).toBeUndefined();
    expect(chooseFault(plan, random, 260)).toBe(unavailable);
  });
});

describe('sampleLatency', () => {
  it('is exact for a fixed latency and zero without one', () => {
    expect(sampleLatency({ kind: 'fixed', ms: 25 }, Math.random)).toBe(25);
    expect(sampleLatency(undefined, Math.random)).toBe(0);
  });

  it('draws a Pareto tail: median minimum × 2^(1/shape), a p99 far above it, never below the minimum', () => {
    const random = seededRandom(3);
    const latency = { kind: 'pareto', minimumMs: 10, shape: 1.5 } as const;
    const samples = Array.from({ length: 20_000 }, () => sampleLatency(latency, random)).sort(
      (a, b) => a - b,
    );
    const median = samples[10_000]!;
    const p99 = samples[19_800]!;
    expect(samples[0]).toBeGreaterThanOrEqual(10);
    expect(median).toBeGreaterThan(10 * 2 ** (1 / 1.5) * 0.95);
    expect(median).toBeLessThan(10 * 2 ** (1 / 1.5) * 1.05);
    // Theoretical p99: 10 × 100^(1/1.5) ≈ 215 ms.
    expect(p99).toBeGreaterThan(180);
    expect(p99).toBeLessThan(260);
  });

  it('caps the tail when asked', () => {
    const random = seededRandom(3);
    const latency = { kind: 'pareto', minimumMs: 10, shape: 0.5, capMs: 50 } as const;
    const samples = Array.from({ length: 2000 }, () => sampleLatency(latency, random));
    expect(Math.max(...samples)).toBe(50);
  });
});

describe('checkFaultPlan', () => {
  it('rejects plans that cannot mean what they say', () => {
    expect(() =>
      checkFaultPlan({
        faults: [
          { fault: unavailable, rate: 0.7 },
          { fault: reset, rate: 0.4 },
        ],
      }),
    ).toThrow(/add up to 1.1/);
    expect(() => checkFaultPlan({ faults: [{ fault: unavailable, rate: -0.1 }] })).toThrow(/between 0 and 1/);
    expect(() => checkFaultPlan({ latency: { kind: 'pareto', minimumMs: 0, shape: 1 } })).toThrow(
      /minimumMs/,
    );
    expect(() => checkFaultPlan({ flap: { upMs: 0, downMs: 10, fault: reset } })).toThrow(/flap/);
    expect(() =>
      checkFaultPlan({ faults: [{ fault: unavailable, rate: 1 }], latency: { kind: 'fixed', ms: 0 } }),
    ).not.toThrow();
  });
});
