import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type BreakerOptions, type BreakerState } from './circuit-breaker.js';

const options: BreakerOptions = {
  failureRate: 0.5,
  minimumRequests: 10,
  consecutiveFailures: 5,
  windowMs: 10_000,
  openMs: 1_000,
  halfOpenProbes: 1,
};

function breaker(overrides: Partial<BreakerOptions> = {}) {
  const clock = { now: 1_000_000 };
  const changes: BreakerState[] = [];
  const instance = new CircuitBreaker({ ...options, ...overrides }, () => clock.now);
  instance.onChange = (state) => changes.push(state);
  return { instance, clock, changes };
}

describe('CircuitBreaker', () => {
  it('opens after the failure rate is reached over enough requests, not before', () => {
    const { instance } = breaker({ consecutiveFailures: 100 });
    for (let index = 0; index < 4; index++) {
      instance.succeeded();
      instance.failed();
    }
    expect(instance.state).toBe('closed'); // 8 requests: below minimumRequests
    instance.succeeded();
    expect(instance.state).toBe('closed');
    instance.failed(); // 10 requests, 5 failures: 50%
    expect(instance.state).toBe('open');
    expect(instance.tryAcquire()).toBe(false);
  });

  it('opens after consecutive failures even with a good record in the window', () => {
    const { instance } = breaker();
    for (let index = 0; index < 50; index++) instance.succeeded();
    for (let index = 0; index < 4; index++) instance.failed();
    expect(instance.state).toBe('closed');
    instance.failed();
    expect(instance.state).toBe('open');
  });

  it('forgets failures older than the window', () => {
    const { instance, clock } = breaker({ consecutiveFailures: 100 });
    for (let index = 0; index < 9; index++) instance.failed();
    clock.now += 11_000;
    for (let index = 0; index < 9; index++) instance.succeeded();
    instance.failed();
    expect(instance.state).toBe('closed'); // 10 in the window, 1 failure
  });

  it('lets one probe through after openMs, and closes when it succeeds', () => {
    const { instance, clock, changes } = breaker();
    for (let index = 0; index < 5; index++) instance.failed();
    expect(instance.retryInMs).toBe(1_000);
    clock.now += 999;
    expect(instance.tryAcquire()).toBe(false);
    clock.now += 1;
    expect(instance.state).toBe('half-open');
    expect(instance.tryAcquire()).toBe(true);
    expect(instance.tryAcquire()).toBe(false); // one probe at a time
    instance.succeeded();
    expect(instance.state).toBe('closed');
    expect(instance.tryAcquire()).toBe(true);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens again for a full openMs when the probe fails', () => {
    const { instance, clock } = breaker();
    for (let index = 0; index < 5; index++) instance.failed();
    clock.now += 1_000;
    expect(instance.tryAcquire()).toBe(true);
    instance.failed();
    expect(instance.state).toBe('open');
    clock.now += 999;
    expect(instance.tryAcquire()).toBe(false);
    clock.now += 1;
    expect(instance.tryAcquire()).toBe(true);
  });

  it('frees a probe slot when a probe ends without a verdict', () => {
    const { instance, clock } = breaker();
    for (let index = 0; index < 5; index++) instance.failed();
    clock.now += 1_000;
    expect(instance.tryAcquire()).toBe(true);
    instance.release();
    expect(instance.tryAcquire()).toBe(true);
  });

  it('starts afresh after closing: old failures do not reopen it', () => {
    const { instance, clock } = breaker({ consecutiveFailures: 100 });
    for (let index = 0; index < 10; index++) instance.failed();
    expect(instance.state).toBe('open');
    clock.now += 1_000;
    instance.tryAcquire();
    instance.succeeded();
    instance.failed();
    expect(instance.state).toBe('closed');
  });

  it('ignores late failures while open (requests sent before it opened)', () => {
    const { instance, clock } = breaker();
    for (let index = 0; index < 5; index++) instance.failed();
    clock.now += 500;
    instance.failed();
    expect(instance.retryInMs).toBe(500);
  });
});
