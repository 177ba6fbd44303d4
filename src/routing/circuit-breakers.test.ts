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

  it('keeps a breaker’s state when a reload brings new settings, and applies them', () => {
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
    expect(breaker.state).toBe('half-open');
  });

  it('reports each deployment’s state and every change', () => {
    const changes: Array<[Deployment, string]> = [];
    const breakers = new CircuitBreakers({
      onChange: (deployment, state) => changes.push([deployment, state]),
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
});
