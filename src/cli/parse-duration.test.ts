import { describe, it, expect } from 'vitest';
import { parseDuration } from './parse-duration.js';

describe('parseDuration', () => {
  it('reads minutes, hours, days and weeks', () => {
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(parseDuration('30d')).toBe(30 * 86_400_000);
    expect(parseDuration('2W')).toBe(14 * 86_400_000);
  });

  it('refuses zero, negatives, fractions, unknown units and absurd sizes', () => {
    for (const text of ['0d', '-1d', '1.5d', '30', '30s', '30 days', 'd', '', '999999999999999w']) {
      expect(parseDuration(text)).toBeUndefined();
    }
  });
});
