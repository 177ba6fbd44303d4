// `switchyard logs --follow`: print the newest page, then poll for records newer than the newest
// seen until stopped. The loop takes its sleep and stop signal from the caller, so tests drive
// it without real timers; it prints nothing itself.

import { setTimeout as delay } from 'node:timers/promises';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import type { RecordPageView, RecordQuery, RecordView } from '../record-schemas.js';
import { maxPageSize } from './logs-query.js';

export interface FollowOptions {
  /** The filter and size of the first page. */
  query: RecordQuery;
  fetchPage(query: RecordQuery, signal: AbortSignal): Promise<RecordPageView>;
  /** Receives each batch oldest first, as a tail shows it; the first batch may be empty. */
  print(records: readonly RecordView[]): void;
  intervalMs: number;
  /** Resolves after `ms`, or rejects once `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Aborting ends the loop quietly, also in the middle of a call. */
  signal: AbortSignal;
}

export async function followRecords(options: FollowOptions): Promise<void> {
  const { signal } = options;
  const seen = new NewestSeen();
  try {
    const first = await options.fetchPage(options.query, signal);
    if (signal.aborted) return;
    seen.add(first.data);
    options.print([...first.data].reverse());
    while (!signal.aborted) {
      await options.sleep(options.intervalMs, signal);
      const fresh = await fetchNewer(options, seen);
      if (signal.aborted) return;
      seen.add(fresh);
      if (fresh.length > 0) options.print(fresh.reverse());
    }
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
}

/** Every page of records at or after the newest seen, newest first, without those already seen. */
async function fetchNewer(options: FollowOptions, seen: NewestSeen): Promise<RecordView[]> {
  const { cursor: _cursor, ...filter } = options.query;
  const from = seen.newest === undefined ? filter.from : Math.max(filter.from ?? 0, seen.newest);
  const records: RecordView[] = [];
  let cursor: string | undefined;
  do {
    const page = await options.fetchPage({ ...filter, from, limit: maxPageSize, cursor }, options.signal);
    records.push(...page.data.filter((record) => seen.isNew(record)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && !options.signal.aborted);
  return records;
}

/**
 * The newest receivedAt printed and the ids printed at that instant: the poll asks `from` it,
 * inclusive, so only those can come back twice. Anything older was printed or is out of reach.
 */
class NewestSeen {
  newest: number | undefined;
  #idsAtNewest = new Set<string>();

  isNew(record: RecordView): boolean {
    if (this.newest === undefined || record.receivedAt > this.newest) return true;
    return record.receivedAt === this.newest && !this.#idsAtNewest.has(record.id);
  }

  add(records: readonly RecordView[]): void {
    for (const record of records) {
      if (this.newest === undefined || record.receivedAt > this.newest) {
        this.newest = record.receivedAt;
        this.#idsAtNewest = new Set([record.id]);
      } else if (record.receivedAt === this.newest) {
        this.#idsAtNewest.add(record.id);
      }
    }
  }
}

/** `2s`, `500ms`, `1m`, or plain seconds; from 100 ms (kind to the gateway) to one hour. */
export function parseInterval(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(text);
  const unit = { ms: 1, s: 1000, m: 60_000 }[(match?.[2] ?? 's').toLowerCase() as 'ms' | 's' | 'm'];
  const value = match ? Math.round(Number(match[1]) * unit) : Number.NaN;
  if (!(value >= 100 && value <= 3_600_000)) {
    throw new CliError(`--interval must be between 100ms and 1h, such as 2s or 500ms, got "${text}"`);
  }
  return value;
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}

/**
 * An AbortSignal the first Ctrl-C aborts, so the loop ends cleanly with exit code 0; a second
 * Ctrl-C exits at once (130) in case a call hangs.
 */
export function interruptSignal(context: CliContext): AbortSignal {
  const controller = new AbortController();
  context.signals.on('SIGINT', () => {
    if (controller.signal.aborted) context.exit(130);
    else controller.abort();
  });
  return controller.signal;
}
