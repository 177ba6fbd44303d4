import { describe, expect, it } from 'vitest';
import { parseDuration, readRateLimits } from './rate-limit-headers.js';

const lookup = (headers: Record<string, string>) => (name: string) => headers[name];
const now = Date.parse('2025-06-01T12:00:00Z');

describe('readRateLimits', () => {
  it("reads OpenAI's and Azure's headers, with resets as durations", () => {
    expect(
      readRateLimits(
        lookup({
          'x-ratelimit-limit-requests': '10000',
          'x-ratelimit-remaining-requests': '9999',
          'x-ratelimit-reset-requests': '6ms',
          'x-ratelimit-limit-tokens': '200000',
          'x-ratelimit-remaining-tokens': '1500',
          'x-ratelimit-reset-tokens': '6m0s',
        }),
        now,
      ),
    ).toEqual([
      { kind: 'requests', remaining: 9999, limit: 10000, resetMs: 6 },
      { kind: 'tokens', remaining: 1500, limit: 200000, resetMs: 360_000 },
    ]);
  });

  it("reads Anthropic's headers, with resets as times", () => {
    expect(
      readRateLimits(
        lookup({
          'anthropic-ratelimit-requests-limit': '50',
          'anthropic-ratelimit-requests-remaining': '0',
          'anthropic-ratelimit-requests-reset': '2025-06-01T12:00:07Z',
        }),
        now,
      ),
    ).toEqual([{ kind: 'requests', remaining: 0, limit: 50, resetMs: 7000 }]);
  });

  it('ignores what is missing or malformed', () => {
    expect(readRateLimits(lookup({}), now)).toEqual([]);
    expect(
      readRateLimits(
        lookup({ 'x-ratelimit-remaining-requests': 'lots', 'x-ratelimit-remaining-tokens': '-1' }),
        now,
      ),
    ).toEqual([]);
    expect(
      readRateLimits(
        lookup({ 'x-ratelimit-remaining-requests': '5', 'x-ratelimit-reset-requests': 'soon' }),
        now,
      ),
    ).toEqual([{ kind: 'requests', remaining: 5, limit: undefined, resetMs: undefined }]);
  });
});

describe('parseDuration', () => {
  it('reads the units OpenAI uses, combined', () => {
    expect(parseDuration('1s')).toBe(1000);
    expect(parseDuration('20ms')).toBe(20);
    expect(parseDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseDuration('0s')).toBe(0);
    expect(parseDuration('3 days')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
  });
});
