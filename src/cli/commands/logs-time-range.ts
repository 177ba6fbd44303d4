// The --since / --from / --to options `logs` and `usage` share, turned into epoch milliseconds
// before anything is sent, so a typo is reported by the CLI in its own words.

import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { parseDuration } from '../parse-duration.js';

export interface TimeRangeOptions {
  since?: string;
  from?: string;
  to?: string;
}

export interface TimeRange {
  from?: number;
  to?: number;
}

export function addTimeRangeOptions(command: Command, sinceDefault?: string): Command {
  const defaultText = sinceDefault === undefined ? '' : ` (default: ${sinceDefault})`;
  return command
    .option('--since <duration>', `only the last 30m, 12h, 7d, 2w...${defaultText}`)
    .option('--from <time>', 'from this time, inclusive: ISO-8601 (2025-06-01T09:00Z) or epoch milliseconds')
    .option('--to <time>', 'up to this time, exclusive: ISO-8601 or epoch milliseconds');
}

/** `sinceDefault` applies when neither --since nor --from is given. */
export function timeRange(options: TimeRangeOptions, now: Date, sinceDefault?: string): TimeRange {
  if (options.since !== undefined && options.from !== undefined) {
    throw new CliError('--since and --from cannot be used together');
  }
  const range: TimeRange = {};
  const since = options.since ?? (options.from === undefined ? sinceDefault : undefined);
  if (since !== undefined) {
    const span = parseDuration(since);
    if (span === undefined) throw new CliError(`--since must look like 30m, 12h, 7d or 2w, got "${since}"`);
    range.from = now.getTime() - span;
  }
  if (options.from !== undefined) range.from = parseInstant(options.from, '--from');
  if (options.to !== undefined) range.to = parseInstant(options.to, '--to');
  if (range.from !== undefined && range.to !== undefined && range.from >= range.to) {
    throw new CliError('the time range is empty: --to must be later than --from (or --since)');
  }
  return range;
}

/** ISO-8601 (a date, or a date and time) or epoch milliseconds. */
export function parseInstant(text: string, flag: string): number {
  const trimmed = text.trim();
  const value = /^\d+$/.test(trimmed)
    ? Number(trimmed)
    : /^\d{4}-\d{2}-\d{2}/.test(trimmed)
      ? Date.parse(trimmed)
      : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw new CliError(
      `${flag} must be an ISO-8601 time (2025-06-01T09:00:00Z) or epoch milliseconds, got "${text}"`,
    );
  }
  return value;
}
