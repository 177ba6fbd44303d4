import { describe, expect, it } from 'vitest';
import {
  formatMegabytes,
  formatNumber,
  formatPercent,
  formatRounds,
  formatSigned,
  formatSignedMs,
} from './format.js';

describe('report number formats', () => {
  it('renders figures that could not be measured as a dash, never NaN', () => {
    for (const format of [formatNumber, formatSigned, formatPercent, formatMegabytes, formatSignedMs]) {
      expect(format(Number.NaN)).toBe('—');
      expect(format(Number.POSITIVE_INFINITY)).toBe('—');
    }
  });

  it('signs differences both ways', () => {
    expect(formatSigned(42.4)).toBe('+42');
    expect(formatSigned(-1234)).toBe('-1,234');
    expect(formatSigned(0)).toBe('+0');
    expect(formatSignedMs(-250)).toBe('-0.250 ms');
  });

  it('uses decimal megabytes and percentages with one decimal', () => {
    expect(formatMegabytes(123_456_789)).toBe('123.5 MB');
    expect(formatPercent(0.8)).toBe('80.0%');
  });
});

describe('formatRounds', () => {
  it('gives the median, then every round in order', () => {
    expect(formatRounds([180.5, 176.1, 178.44])).toBe('178.4 (180.5, 176.1, 178.4)');
    expect(formatRounds([2.346, 2.5], 2)).toBe('2.42 (2.35, 2.50)');
  });
});
