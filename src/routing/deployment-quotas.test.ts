import { describe, expect, it } from 'vitest';
import { DeploymentQuotas } from './deployment-quotas.js';

const lookup = (headers: Record<string, string>) => (name: string) => headers[name];

function quotas() {
  const clock = { now: 0 };
  return { quotas: new DeploymentQuotas(() => clock.now), clock };
}

describe('DeploymentQuotas', () => {
  it('marks a deployment short when under a twentieth of its limit is left, until the reset', () => {
    const { quotas: subject, clock } = quotas();
    subject.observe(
      'east',
      200,
      lookup({ 'x-ratelimit-limit-requests': '1000', 'x-ratelimit-remaining-requests': '51' }),
    );
    expect(subject.isShort('east')).toBe(false);
    subject.observe(
      'east',
      200,
      lookup({
        'x-ratelimit-limit-requests': '1000',
        'x-ratelimit-remaining-requests': '49',
        'x-ratelimit-reset-requests': '3s',
      }),
    );
    expect(subject.isShort('east')).toBe(true);
    expect(subject.isShort('west')).toBe(false);
    clock.now += 3000;
    expect(subject.isShort('east')).toBe(false);
  });

  it('counts remaining 0 as short even without a limit, for ten seconds when no reset is given', () => {
    const { quotas: subject, clock } = quotas();
    subject.observe('east', 200, lookup({ 'anthropic-ratelimit-tokens-remaining': '0' }));
    clock.now += 9_999;
    expect(subject.isShort('east')).toBe(true);
    clock.now += 1;
    expect(subject.isShort('east')).toBe(false);
  });

  it('marks a 429 short for its Retry-After, capped at two minutes, and ten seconds without one', () => {
    const { quotas: subject, clock } = quotas();
    subject.rateLimited('east', 2000);
    expect(subject.isShort('east')).toBe(true);
    clock.now += 2000;
    expect(subject.isShort('east')).toBe(false);
    subject.rateLimited('east', 86_400_000);
    clock.now += 120_000;
    expect(subject.isShort('east')).toBe(false);
    subject.rateLimited('east', undefined);
    clock.now += 9_999;
    expect(subject.isShort('east')).toBe(true);
  });

  it('lets a later answer with quota to spare end a short spell early', () => {
    const { quotas: subject } = quotas();
    subject.rateLimited('east', 30_000);
    subject.observe(
      'east',
      200,
      lookup({ 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': '90' }),
    );
    expect(subject.isShort('east')).toBe(false);
  });
});

describe('DeploymentQuotas with declared limits', () => {
  it('is short once the last minute used nineteen twentieths of the declared requests, and recovers', () => {
    const { quotas: subject, clock } = quotas();
    const limits = { requestsPerMinute: 100 };
    for (let index = 0; index < 94; index++) subject.countRequest('east');
    expect(subject.isShort('east', limits)).toBe(false);
    subject.countRequest('east');
    expect(subject.isShort('east', limits)).toBe(true);
    expect(subject.isShort('east')).toBe(false); // without declared limits, counts say nothing
    clock.now += 60_000;
    expect(subject.isShort('east', limits)).toBe(false);
  });

  it('counts tokens over a sliding minute of ten-second buckets', () => {
    const { quotas: subject, clock } = quotas();
    const limits = { tokensPerMinute: 1000 };
    subject.countTokens('east', 600);
    clock.now += 30_000;
    subject.countTokens('east', 400);
    expect(subject.lastMinute('east')).toEqual({ requests: 0, tokens: 1000 });
    expect(subject.isShort('east', limits)).toBe(true);
    clock.now += 30_000; // the first 600 left the window
    expect(subject.lastMinute('east').tokens).toBe(400);
    expect(subject.isShort('east', limits)).toBe(false);
    subject.countTokens('east', -5);
    subject.countTokens('east', Number.NaN);
    expect(subject.lastMinute('east').tokens).toBe(400);
  });
});

describe('DeploymentQuotas news for other replicas', () => {
  it('hands over its own counts and short marks once, and none of what it absorbed', () => {
    const { quotas: first, clock } = quotas();
    const second = new DeploymentQuotas(() => clock.now);
    first.countRequest('east');
    first.countRequest('east');
    first.countTokens('east', 120);
    first.rateLimited('west', 4000);
    const news = first.takeNews();
    expect(news).toEqual({
      counts: [{ key: 'east', requests: 2, tokens: 120 }],
      short: [{ key: 'west', forMs: 4000 }],
    });
    expect(first.takeNews()).toBeUndefined();
    second.absorb(news!);
    expect(second.lastMinute('east')).toEqual({ requests: 2, tokens: 120 });
    expect(second.isShort('west')).toBe(true);
    // Absorbed news is not sent back out: replicas never echo each other's counts.
    expect(second.takeNews()).toBeUndefined();
    clock.now += 4000;
    expect(second.isShort('west')).toBe(false);
  });

  it('adds absorbed counts to its own against the declared limits', () => {
    const { quotas: subject } = quotas();
    const limits = { tokensPerMinute: 1000 };
    subject.countTokens('east', 500);
    expect(subject.isShort('east', limits)).toBe(false);
    subject.absorb({ counts: [{ key: 'east', requests: 0, tokens: 450 }], short: [] });
    expect(subject.isShort('east', limits)).toBe(true);
  });

  it('shares a deployment that said it was nearly out, and caps a remote short spell at two minutes', () => {
    const { quotas: subject, clock } = quotas();
    subject.observe(
      'east',
      200,
      lookup({ 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '2s' }),
    );
    expect(subject.takeNews()?.short).toEqual([{ key: 'east', forMs: 2000 }]);
    subject.absorb({ counts: [], short: [{ key: 'west', forMs: 86_400_000 }] });
    clock.now += 120_000;
    expect(subject.isShort('west')).toBe(false);
  });
});
