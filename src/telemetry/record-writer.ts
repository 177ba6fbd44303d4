// Takes request records off the response path and stores them in batches: write() only queues; a
// flush loop runs one insert at a time; what the store cannot take goes to spill files, replayed
// once it answers again. Knows the RecordStore interface only: no SQL, no HTTP.

import type { RecordStore } from '../storage/record-store.js';
import { messageOf, RecordWriterLog } from './record-writer-log.js';
import {
  resolveRecordWriterOptions,
  type RecordWriterOptions,
  type RecordWriterStats,
  type ResolvedRecordWriterOptions,
} from './record-writer-options.js';
import { RecordWriterQueue } from './record-writer-queue.js';
import type { RequestRecord } from './request-record.js';
import { SpillBacklog } from './spill-backlog.js';

/** The live batch being inserted; `abandoned` once close() gave up on it and spilled it. */
interface Flight {
  batch: RequestRecord[];
  abandoned: boolean;
  done: Promise<void>;
}

export class RecordWriter {
  readonly #options: ResolvedRecordWriterOptions;
  readonly #store: RecordStore;
  readonly #queue: RecordWriterQueue<RequestRecord>;
  readonly #backlog: SpillBacklog;
  readonly #log: RecordWriterLog;
  /** Every insert (live or replay) waits its turn here: one insert in flight at a time. */
  #lane: Promise<void> = Promise.resolve();
  #flight: Flight | null = null;
  #flushTimer: unknown = null;
  #flushSoon = false;
  /** False from a failed insert until one succeeds; meanwhile records go straight to the spill file. */
  #healthy = true;
  #backoffMs = 0;
  #started = false;
  #closing = false;
  #closed: Promise<void> | null = null;
  #written = 0;
  #replayed = 0;
  #failedBatches = 0;
  #lastError: string | null = null;
  #lastInsertMs: number | null = null;

  constructor(options: RecordWriterOptions) {
    this.#options = resolveRecordWriterOptions(options);
    const { now, timers } = this.#options;
    this.#store = options.store;
    this.#queue = new RecordWriterQueue(this.#options.queueCapacity);
    this.#log = new RecordWriterLog(this.#options.log, now, this.#options.logIntervalMs);
    this.#backlog = new SpillBacklog({
      directory: this.#options.spillDir,
      now,
      timers,
      log: this.#log,
      maxFileBytes: this.#options.spillFileMaxBytes,
      batchSize: this.#options.batchSize,
      pauseMs: this.#options.replayPauseMs,
      insert: (batch) => this.#insert(batch),
      // Unhealthy, the next replayed batch is the probe, so the pass waits out the backoff.
      nextDelay: () => (this.#healthy ? this.#options.replayDelayMs : this.#backoffMs),
      busy: () => this.#healthy && this.#queue.length >= this.#options.batchSize,
      onStored: (count) => {
        this.#replayed += count;
        this.#onInsertSucceeded();
      },
      onPassEnd: (result) => {
        if (result.outcome === 'failed') this.#onInsertFailed(result.error);
        // Nothing on disk to probe with (all dropped, or only torn lines): the next live batch probes.
        else if (result.outcome === 'done' && !this.#healthy) this.#onInsertSucceeded();
      },
      onSpillError: (error) => {
        this.#lastError = messageOf(error);
      },
    });
  }

  /**
   * Replays, in the background, spill files left by a previous process. Never throws: an unusable
   * spill directory is logged, and write() still works (what it cannot spill is counted as dropped).
   */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    await this.#backlog.recover();
  }

  /** Queues a record for the store. O(1): never waits, never throws, never touches the disk itself. */
  write(record: RequestRecord): void {
    try {
      if (this.#closing || !this.#healthy || !this.#queue.push(record)) {
        this.#backlog.append([record]);
      } else if (this.#queue.length >= this.#options.batchSize) {
        this.#flushNow();
      } else {
        this.#armFlushTimer();
      }
    } catch (error) {
      // Unreachable by design; the guard keeps a writer bug from failing a request already answered.
      this.#log.throttled('write', 'error', `write failed: ${messageOf(error)}`);
    }
  }

  /**
   * Stops accepting (later writes go straight to the spill file), gives the store `timeoutMs` to
   * take what is queued, spills the rest, and fsyncs the spill file. A second call waits for the
   * first and for any spill written since.
   */
  close(timeoutMs = 5_000): Promise<void> {
    if (this.#closed !== null) return this.#closed.then(() => this.#backlog.idle());
    this.#closing = true;
    this.#closed = this.#shutdown(timeoutMs);
    return this.#closed;
  }

  /** For /metrics; see RecordWriterStats for what each figure means. */
  stats(): RecordWriterStats {
    const oldest = this.#backlog.oldestCreatedAt();
    return {
      queued: this.#queue.length,
      capacity: this.#queue.capacity,
      written: this.#written,
      spilled: this.#backlog.spilled,
      spillPending: this.#backlog.unwritten,
      replayed: this.#replayed,
      dropped: this.#backlog.dropped,
      failedBatches: this.#failedBatches,
      tornLines: this.#backlog.tornLines,
      lastError: this.#lastError,
      healthy: this.#healthy,
      spillFiles: this.#backlog.fileCount,
      oldestSpillAgeMs: oldest === null ? null : Math.max(0, this.#options.now() - oldest),
      lastInsertMs: this.#lastInsertMs,
    };
  }

  async #shutdown(timeoutMs: number): Promise<void> {
    this.#clearFlushTimer();
    this.#backlog.stop();
    const { timers } = this.#options;
    let deadline: unknown = null;
    const expired = new Promise<boolean>((resolve) => {
      deadline = timers.setTimeout(() => resolve(true), timeoutMs);
    });
    const timedOut = await Promise.race([this.#drainQueue().then(() => false), expired]);
    timers.clearTimeout(deadline);
    // A hung batch is spilled too: if it commits after all, its replay is skipped by id.
    const flight = this.#flight;
    const left = this.#queue.length + (flight === null || flight.abandoned ? 0 : flight.batch.length);
    if (flight !== null && !flight.abandoned) {
      flight.abandoned = true;
      this.#backlog.append(flight.batch);
    }
    this.#backlog.append(this.#queue.takeAll());
    if (timedOut && left > 0) {
      this.#log.say('warn', `store did not take ${left} records within ${timeoutMs} ms; spilled`);
    }
    await this.#backlog.close();
  }

  /** Flushes batch after batch until the queue is empty or the store fails. */
  async #drainQueue(): Promise<void> {
    for (;;) {
      if (this.#flight !== null) {
        await this.#flight.done;
        continue;
      }
      if (!this.#healthy || this.#queue.length === 0) return;
      this.#flush();
    }
  }

  #flushNow(): void {
    if (this.#flushSoon || this.#flight !== null) return;
    this.#flushSoon = true;
    // A microtask, not a call: write() returns before the store sees the batch.
    queueMicrotask(() => {
      this.#flushSoon = false;
      this.#flush();
    });
  }

  #armFlushTimer(): void {
    if (this.#flushTimer !== null || this.#flight !== null || this.#flushSoon) return;
    this.#flushTimer = this.#options.timers.setTimeout(() => {
      this.#flushTimer = null;
      this.#flush();
    }, this.#options.flushIntervalMs);
  }

  #clearFlushTimer(): void {
    if (this.#flushTimer === null) return;
    this.#options.timers.clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
  }

  #flush(): void {
    if (this.#flight !== null || this.#queue.length === 0 || !this.#healthy) return;
    this.#clearFlushTimer();
    const flight: Flight = {
      batch: this.#queue.take(this.#options.batchSize),
      abandoned: false,
      done: Promise.resolve(),
    };
    this.#flight = flight;
    flight.done = this.#insertLive(flight);
  }

  async #insertLive(flight: Flight): Promise<void> {
    try {
      await this.#insert(flight.batch);
      // A batch close() gave up on and spilled counts as spilled only, even if it commits late.
      if (!flight.abandoned) this.#written += flight.batch.length;
      this.#onInsertSucceeded();
    } catch (error) {
      if (!flight.abandoned) this.#backlog.append(flight.batch);
      this.#onInsertFailed(error);
    } finally {
      this.#flight = null;
    }
    if (this.#closing) return;
    if (this.#queue.length >= this.#options.batchSize) this.#flush();
    else if (this.#queue.length > 0) this.#armFlushTimer();
  }

  #insert(batch: readonly RequestRecord[]): Promise<void> {
    const run = async (): Promise<void> => {
      const started = this.#options.now();
      try {
        await this.#store.insert(batch);
      } finally {
        this.#lastInsertMs = this.#options.now() - started;
      }
    };
    const result = this.#lane.then(run);
    this.#lane = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  #onInsertSucceeded(): void {
    this.#backoffMs = 0;
    if (this.#healthy) return;
    this.#healthy = true;
    this.#log.say('info', 'store is answering again; writing and replaying spill files');
  }

  #onInsertFailed(error: unknown): void {
    this.#failedBatches += 1;
    this.#lastError = messageOf(error);
    this.#healthy = false;
    const { retryMinMs, retryMaxMs } = this.#options;
    this.#backoffMs = this.#backoffMs === 0 ? retryMinMs : Math.min(this.#backoffMs * 2, retryMaxMs);
    this.#log.throttled(
      'insert',
      'warn',
      `insert failed, spilling until the store answers: ${this.#lastError}`,
    );
    // While the store fails, what is queued goes to disk rather than waiting in memory for it.
    this.#clearFlushTimer();
    this.#backlog.append(this.#queue.takeAll());
    this.#backlog.reschedule();
  }
}
