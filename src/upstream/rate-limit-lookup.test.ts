import { describe, expect, it } from 'vitest';
import { rateLimitLookup, rawRateLimitLookup } from './rate-limit-lookup.js';

const raw = (...pairs: string[]) => pairs.map((text) => Buffer.from(text, 'latin1'));

describe('rawRateLimitLookup', () => {
  it('finds rate-limit headers whatever their case, and nothing else', () => {
    const header = rawRateLimitLookup(
      raw(
        'Content-Type',
        'application/json',
        'X-RateLimit-Remaining-Requests',
        '7',
        'x-request-id',
        'abc',
        'Retry-After',
        '3',
      ),
    );
    expect(header?.('x-ratelimit-remaining-requests')).toBe('7');
    // A 429's Retry-After is read by the provider's error mapping, not here.
    expect(header?.('retry-after')).toBeUndefined();
    expect(header?.('x-request-id')).toBeUndefined();
  });

  it('is undefined for an answer without any', () => {
    expect(
      rawRateLimitLookup(raw('content-type', 'application/json', 'x-request-id', 'abc', 'date', 'now')),
    ).toBeUndefined();
  });
});

describe('rateLimitLookup', () => {
  it('reads node-style headers, joining repeated ones', () => {
    const header = rateLimitLookup({
      'anthropic-ratelimit-requests-remaining': '4',
      'set-cookie': ['a', 'b'],
    });
    expect(header?.('anthropic-ratelimit-requests-remaining')).toBe('4');
    expect(rateLimitLookup({ 'content-type': 'text/event-stream' })).toBeUndefined();
  });
});
