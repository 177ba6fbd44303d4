import { describe, expect, it } from 'vitest';
import { FailureStreak } from './failure-streak.js';

describe('FailureStreak', () => {
  it('throws on the limit-th failure in a row', () => {
    const streak = new FailureStreak(3);
    streak.record(false);
    streak.record(false);
    expect(() => streak.record(false)).toThrow(/3 requests in a row failed/);
  });

  it('starts over after a success', () => {
    const streak = new FailureStreak(3);
    for (const outcome of [false, false, true, false, false, true, false]) {
      expect(() => streak.record(outcome)).not.toThrow();
    }
  });
});
