// The record writer's options with their defaults written out in one place, and the stats it
// reports for /metrics (names are stable: dashboards and alerts read them). Types and defaults only.

import { withoutUndefined } from '../core/without-undefined.js';
import type { RecordStore } from '../storage/record-store.js';
import type { RecordWriterLogFunction } from './record-writer-log.js';

/** The timer functions the writer uses, injected so tests can drive time by hand. */
export interface RecordWriterTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RecordWriterOptions {
  store: RecordStore;
  /** Where spill files go; one writer (one process) per directory. */
  spillDir: string;
  /** Records held in memory for the store; past it, write() spills. Default 10,000. */
  queueCapacity?: number;
  /** Records per insert. Default 500. */
  batchSize?: number;
  /** A partial batch waits at most this long. Default 100 ms. */
  flushIntervalMs?: number;
  /** First wait before probing a failed store again; doubles per failure. Default 250 ms. */
  retryMinMs?: number;
  /** Longest wait between probes. Default 5,000 ms. */
  retryMaxMs?: number;
  /** After records spill while the store is healthy (queue full), wait this long before replaying. Default 1,000 ms. */
  replayDelayMs?: number;
  /** Pause after each replayed batch, so replay runs at most batchSize per replayPauseMs. Default 20 ms. */
  replayPauseMs?: number;
  /** A spill file past this size is closed and a new one started. Default 16 MiB. */
  spillFileMaxBytes?: number;
  /** Repeated errors of one kind are logged at most once per this interval. Default 10,000 ms. */
  logIntervalMs?: number;
  /** Epoch milliseconds; defaults to Date.now. */
  now?: () => number;
  timers?: RecordWriterTimers;
  /** Where the writer reports; defaults to stderr. */
  log?: RecordWriterLogFunction;
}

export type ResolvedRecordWriterOptions = Required<RecordWriterOptions>;

export const recordWriterDefaults = {
  queueCapacity: 10_000,
  batchSize: 500,
  flushIntervalMs: 20,
  retryMinMs: 250,
  retryMaxMs: 5_000,
  replayDelayMs: 1_000,
  replayPauseMs: 20,
  spillFileMaxBytes: 16 * 1024 * 1024,
  logIntervalMs: 10_000,
} as const;

/** Real timers, unref'd: a pending flush must not keep a finished process alive (close() flushes). */
export const systemTimers: RecordWriterTimers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

export function resolveRecordWriterOptions(options: RecordWriterOptions): ResolvedRecordWriterOptions {
  const resolved: ResolvedRecordWriterOptions = {
    ...recordWriterDefaults,
    now: Date.now,
    timers: systemTimers,
    log: (level, message) => process.stderr.write(`switchyard ${level}: ${message}\n`),
    ...withoutUndefined(options),
    store: options.store,
    spillDir: options.spillDir,
  };
  for (const name of ['queueCapacity', 'batchSize'] as const) {
    if (!Number.isInteger(resolved[name]) || resolved[name] < 1) {
      throw new RangeError(`record writer: ${name} must be a positive integer, got ${resolved[name]}`);
    }
  }
  return resolved;
}

/**
 * What the writer reports for /metrics. Every record given to write() is, at any moment, in exactly
 * one of: the queue (`queued`), an insert in flight, the spill buffer (`spillPending`), the store
 * (`written`), a spill file (`spilled`), or lost (`dropped`). `replayed` counts records stored from
 * spill files, including files left by an earlier process, so it can exceed `spilled`.
 */
export interface RecordWriterStats {
  /** Records waiting in memory for the store (the backpressure signal). */
  queued: number;
  /** The queue's capacity (queueCapacity). */
  capacity: number;
  /** Records stored by live batches since start. */
  written: number;
  /** Records appended to spill files since start. */
  spilled: number;
  /** Records handed to the spill writer and not yet on disk. */
  spillPending: number;
  /** Records stored from spill files since start (a retried partial file counts again). */
  replayed: number;
  /** Records lost because no spill file could be written. */
  dropped: number;
  /** Inserts that failed (live or replay). */
  failedBatches: number;
  /** Spill lines skipped on replay because they were not a whole record (a torn last line). */
  tornLines: number;
  /** The last insert or spill error's message; null before any. */
  lastError: string | null;
  /** False from a failed insert until a probe (a replayed batch) succeeds. */
  healthy: boolean;
  /** Spill files known to exist (left by a previous process, being written, or waiting for replay). */
  spillFiles: number;
  /** Age of the oldest spill file in ms; null when there is none. */
  oldestSpillAgeMs: number | null;
  /** Duration of the last insert (success or failure) in ms; null before any. */
  lastInsertMs: number | null;
}
