import { describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../config/resolve-model.js';
import { defaultBreakerOptions } from './circuit-breaker.js';
import { CircuitBreakers } from './circuit-breakers.js';
import { DeploymentStats, deploymentKey } from './deployment-stats.js';
import { targetHealth } from './target-health.js';
import { DeploymentQuotas } from './deployment-quotas.js';
import { GatewayError } from '../errors.js';

const breaker = { ...defaultBreakerOptions, consecutiveFailures: 1, openMs: 100, halfOpenProbes: 1 };

function setup() {
  let now = 0;
  const breakers = new CircuitBreakers({ now: () => now });
  const stats = new DeploymentStats();
  const skipped: string[] = [];
  const health = targetHealth(breakers, stats, (target) => skipped.push(target.settings.name));
  const target = { settings: { name: 'east' }, upstreamModel: 'm', breaker } as ResolvedTarget;
  const load = () => stats.of(deploymentKey('east', 'm'));
  return { health, target, load, skipped, advance: (ms: number) => (now += ms) };
}

describe('targetHealth', () => {
  it('counts attempts in flight and their latency, and skips an open deployment', () => {
    const { health, target, load, skipped } = setup();
    expect(health.acquire(target)).toBe(true);
    expect(load().inFlight).toBe(1);
    health.settle(target, 'success', 12);
    expect(load()).toMatchObject({ inFlight: 0, latencyMs: 12 });
    expect(health.acquire(target)).toBe(true);
    health.settle(target, 'failure', 3);
    expect(health.acquire(target)).toBe(false);
    expect(skipped).toEqual(['east']);
    expect(health.retryInMs(target)).toBe(100);
  });

  it('counts a hedge loser as at least its elapsed time, and frees its probe slot', () => {
    const { health, target, load, advance } = setup();
    health.acquire(target);
    health.settle(target, 'failure', 1); // open
    advance(100); // half-open: one probe
    expect(health.acquire(target)).toBe(true);
    expect(health.acquire(target)).toBe(false);
    health.settle(target, 'lost', 250);
    expect(load().samples).toBe(1);
    expect(load().latencyMs).toBeGreaterThanOrEqual(250 * 0.2);
    expect(health.acquire(target)).toBe(true); // the slot is free again, the breaker still half-open
  });

  it('takes nothing from an attempt the client abandoned but its in-flight count', () => {
    const { health, target, load } = setup();
    health.acquire(target);
    health.settle(target, 'none', 999);
    expect(load()).toMatchObject({ inFlight: 0, latencyMs: undefined, samples: 0 });
  });

  it('times neither a fast 429 nor a fast 4xx, and counts a fast failure against the deployment', () => {
    const { health, target, load } = setup();
    health.acquire(target);
    health.settle(target, 'success', 300);
    health.acquire(target);
    health.settle(target, 'success', 2, new GatewayError('rate_limited', 'slow down'));
    health.acquire(target);
    health.settle(target, 'success', 3, new GatewayError('invalid_request', 'bad'));
    expect(load()).toMatchObject({ inFlight: 0, latencyMs: 300, failureRate: 0, samples: 1 });
    health.acquire(target);
    health.settle(target, 'failure', 2, new GatewayError('upstream_error', 'boom'));
    expect(load()).toMatchObject({ latencyMs: 300, samples: 1 });
    expect(load().failureRate).toBeGreaterThan(0);
  });

  it('always lets a target of a route without breakers through', () => {
    const { health } = setup();
    const unguarded = { settings: { name: 'west' }, upstreamModel: 'm' } as ResolvedTarget;
    for (let index = 0; index < 10; index++) {
      expect(health.acquire(unguarded)).toBe(true);
      health.settle(unguarded, 'failure', 1);
    }
    expect(health.retryInMs(unguarded)).toBe(0);
  });

  it('makes a deployment that answered 429 short of quota for the wait its error carries', () => {
    let now = 0;
    const quotas = new DeploymentQuotas(() => now);
    const health = targetHealth(new CircuitBreakers(), new DeploymentStats(), undefined, quotas);
    const target = { settings: { name: 'east' }, upstreamModel: 'm' } as ResolvedTarget;
    health.acquire(target);
    health.settle(
      target,
      'success',
      5,
      new GatewayError('rate_limited', 'slow down', { retryAfterSeconds: 1.5 }),
    );
    expect(quotas.isShort(deploymentKey('east', 'm'))).toBe(true);
    now += 1500;
    expect(quotas.isShort(deploymentKey('east', 'm'))).toBe(false);
  });
});
