import { describe, expect, it } from 'vitest';
import { defaultBreakerOptions } from './circuit-breaker.js';
import { CircuitBreakers, type Deployment } from './circuit-breakers.js';

const options = { ...defaultBreakerOptions, consecutiveFailures: 2 };

describe('CircuitBreakers', () => {
  it('keeps one breaker per deployment, shared by every route that sends to it', () => {
    const breakers = new CircuitBreakers();
    const first = breakers.for({ provider: 'azure-east', model: 'gpt-4o' }, options);
    expect(breakers.for({ provider: 'azure-east', model: 'gpt-4o' }, options)).toBe(first);
    expect(breakers.for({ provider: 'azure-west', model: 'gpt-4o' }, options)).not.toBe(first);
    expect(breakers.for({ provider: 'azure-east', model: 'gpt-4o-mini' }, options)).not.toBe(first);
  });

  it('keeps a breaker’s state when a reload brings new settings, and applies them from the next opening', () => {
    let now = 0;
    const breakers = new CircuitBreakers({ now: () => now });
    const deployment = { provider: 'p', model: 'm' };
    const breaker = breakers.for(deployment, options);
    breaker.failed();
    breaker.failed();
    expect(breaker.state).toBe('open');
    const reloaded = { ...options, openMs: 50 };
    expect(breakers.for(deployment, reloaded)).toBe(breaker);
    expect(breaker.state).toBe('open');
    now += 50;
    expect(breaker.state).toBe('open'); // the period under way keeps its length
    now += options.openMs - 50;
    expect(breaker.tryAcquire()).toBe(true); // half-open: the probe
    breaker.failed(); // opens again, now for 50 ms
    now += 50;
    expect(breaker.state).toBe('half-open');
  });

  it('reports each deployment’s state and every change', () => {
    const changes: Array<[Deployment, string]> = [];
    const breakers = new CircuitBreakers({
      onChange: ({ deployment, state }) => changes.push([deployment, state]),
    });
    breakers.for({ provider: 'a', model: 'x' }, options);
    const failing = breakers.for({ provider: 'b', model: 'y' }, options);
    failing.failed();
    failing.failed();
    expect(breakers.states()).toEqual([
      { provider: 'a', model: 'x', state: 'closed' },
      { provider: 'b', model: 'y', state: 'open' },
    ]);
    expect(changes).toEqual([[{ provider: 'b', model: 'y' }, 'open']]);
  });

  it('never confuses deployments whose names run together', () => {
    const breakers = new CircuitBreakers();
    const joined = breakers.for({ provider: 'a-b', model: 'c' }, options);
    expect(breakers.for({ provider: 'a', model: 'b-c' }, options)).not.toBe(joined);
  });

  it('applies what another replica decided, marks it remote, and creates the breaker if needed', () => {
    let now = 0;
    const changes: string[] = [];
    const breakers = new CircuitBreakers({
      now: () => now,
      onChange: ({ deployment, state, origin, openForMs }) =>
        changes.push(`${deployment.provider}/${deployment.model} ${state} ${origin} ${openForMs}`),
    });
    breakers.apply({ provider: 'azure', model: 'gpt-4o' }, 'open', 3000);
    const breaker = breakers.for({ provider: 'azure', model: 'gpt-4o' }, options);
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    now += 3000;
    expect(breaker.state).toBe('half-open');
    breakers.apply({ provider: 'azure', model: 'gpt-4o' }, 'closed', 0);
    expect(breaker.state).toBe('closed');
    breaker.failed();
    breaker.failed();
    expect(changes).toEqual([
      'azure/gpt-4o open remote 3000',
      'azure/gpt-4o half-open local 0',
      'azure/gpt-4o closed remote 0',
      `azure/gpt-4o open local ${options.openMs}`,
    ]);
  });

  it('keeps its own longer open period when told a shorter one', () => {
    const breakers = new CircuitBreakers({ now: () => 0 });
    const breaker = breakers.for({ provider: 'p', model: 'm' }, options);
    breaker.failed();
    breaker.failed();
    breakers.apply({ provider: 'p', model: 'm' }, 'open', 10);
    expect(breaker.retryInMs).toBe(options.openMs);
  });
});
