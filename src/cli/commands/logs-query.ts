// The filter options of `switchyard logs`, and their translation into the admin API's query
// (GET /admin/records). Every value is checked here so a typo never becomes a gateway round trip.

import { semanticNoteOutcomes } from '../../telemetry/semantic-outcomes.js';
import { Option, type Command } from 'commander';
import type { AdminOptions } from '../admin-options.js';
import { CliError } from '../cli-error.js';
import { cacheVerdicts, recordOutcomes, type RecordQuery } from '../record-schemas.js';
import { timeRange, type TimeRangeOptions } from './logs-time-range.js';

export interface LogsOptions extends AdminOptions, TimeRangeOptions {
  key?: string;
  team?: string;
  model?: string;
  route?: string;
  status?: string;
  outcome?: RecordQuery['outcome'];
  cache?: RecordQuery['cache'];
  semantic?: RecordQuery['semantic'];
  minCost?: string;
  maxCost?: string;
  search?: string;
  session?: string;
  trace?: string;
  limit?: string;
  all?: boolean;
  follow?: boolean;
  interval?: string;
}

export const maxPageSize = 1000;

export function addFilterOptions(command: Command): Command {
  return command
    .option('--key <id>', 'requests made with this virtual key id')
    .option('--team <id>', "requests of this team's keys")
    .option('--model <name>', 'requests for this model name (as the client asked)')
    .option('--route <alias>', 'requests that matched this config route')
    .option('--status <status>', 'HTTP status the client got: 429, or a class 2xx, 4xx, 5xx')
    .addOption(new Option('--outcome <outcome>', 'how the request ended').choices(recordOutcomes))
    .addOption(new Option('--cache <verdict>', 'what the cache did').choices(cacheVerdicts))
    .addOption(
      new Option('--semantic <outcome>', 'how the semantic cache lookup ended').choices(semanticNoteOutcomes),
    )
    .option('--min-cost <usd>', 'cost at least this many USD (unpriced requests never match)')
    .option('--max-cost <usd>', 'cost at most this many USD')
    .option('--search <text>', 'words that must all appear in the stored prompt or response')
    .option('--session <id>', 'requests of this x-switchyard-session')
    .option('--trace <id>', 'requests of this trace (32 hex digits)')
    .option('--limit <n>', `records per page, 1-${maxPageSize} (default: 50)`);
}

/** The query for the first page; `--follow` and `--all` page on from it. */
export function recordQuery(options: LogsOptions, now: Date): RecordQuery {
  const query: RecordQuery = { ...timeRange(options, now) };
  if (options.key !== undefined) query.key = options.key;
  if (options.team !== undefined) query.team = options.team;
  if (options.model !== undefined) query.model = options.model;
  if (options.route !== undefined) query.route = options.route;
  if (options.status !== undefined) query.status = parseStatus(options.status);
  if (options.outcome !== undefined) query.outcome = options.outcome;
  if (options.cache !== undefined) query.cache = options.cache;
  if (options.semantic !== undefined) query.semantic = options.semantic;
  if (options.minCost !== undefined) query.minCost = parseCost(options.minCost, '--min-cost');
  if (options.maxCost !== undefined) query.maxCost = parseCost(options.maxCost, '--max-cost');
  if (query.minCost !== undefined && query.maxCost !== undefined && query.minCost > query.maxCost) {
    throw new CliError('--min-cost cannot be more than --max-cost');
  }
  if (options.search !== undefined) query.q = parseSearch(options.search);
  if (options.session !== undefined) query.session = options.session;
  if (options.trace !== undefined) query.trace = parseTrace(options.trace);
  if (options.limit !== undefined) query.limit = parseLimit(options.limit);
  return query;
}

function parseStatus(text: string): string {
  const value = text.trim().toLowerCase();
  if (/^[245]xx$/.test(value)) return value;
  if (/^[1-5]\d\d$/.test(value)) return value;
  throw new CliError(`--status must be an HTTP status such as 500 or a class 2xx, 4xx, 5xx, got "${text}"`);
}

function parseCost(text: string, flag: string): number {
  const value = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value))
    throw new CliError(`${flag} must be an amount in USD such as 0.05, got "${text}"`);
  return value;
}

function parseSearch(text: string): string {
  const value = text.trim();
  if (value === '') throw new CliError('--search cannot be empty');
  if (value.length > 500) throw new CliError('--search is limited to 500 characters');
  return value;
}

function parseTrace(text: string): string {
  const value = text.trim().toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(value)) {
    throw new CliError(`--trace must be a trace id of 32 hex digits (as in a traceparent), got "${text}"`);
  }
  return value;
}

export function parseLimit(text: string): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= maxPageSize)) {
    throw new CliError(`--limit must be a whole number from 1 to ${maxPageSize}, got "${text}"`);
  }
  return value;
}
