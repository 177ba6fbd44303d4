// Number formatting for the benchmark report. NaN (a figure that could not be measured) always
// renders as an em dash, never as "NaN".

import { median } from './stats.js';

const dash = '—';

/** Several rounds' figures as their median and each in brackets, e.g. "178.4 (176.1, 180.5, 178.4)". */
export function formatRounds(values: readonly number[], digits = 1): string {
  return `${median(values).toFixed(digits)} (${values.map((value) => value.toFixed(digits)).join(', ')})`;
}

export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return dash;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A difference with an explicit sign, e.g. +42 or -3. */
export function formatSigned(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return dash;
  const text = formatNumber(Math.abs(value), digits);
  return value < 0 ? `-${text}` : `+${text}`;
}

export function formatPercent(ratio: number): string {
  return Number.isFinite(ratio) ? `${formatNumber(ratio * 100, 1)}%` : dash;
}

/** Bytes as decimal megabytes (10^6), the unit the 200 MB target is written in. */
export function formatMegabytes(bytes: number): string {
  return Number.isFinite(bytes) ? `${formatNumber(bytes / 1e6, 1)} MB` : dash;
}

/** Microseconds shown as milliseconds with a sign, e.g. +0.042 ms. */
export function formatSignedMs(micros: number): string {
  return Number.isFinite(micros) ? `${formatSigned(micros / 1000, 3)} ms` : dash;
}
