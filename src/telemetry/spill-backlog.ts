// What the store could not take, on disk, and the way back in: appends records to spill files,
// keeps track of the files, and runs replay passes when the writer says so. Knows the store only
// through the insert function it is given; health and backoff belong to the writer.

import type { RecordWriterTimers } from './record-writer-options.js';
import { messageOf, type RecordWriterLog } from './record-writer-log.js';
import type { RequestRecord } from './request-record.js';
import { listSpillFiles, type SpillFileEntry } from './spill-files.js';
import { replaySpillFiles, type SpillReplayResult } from './spill-replay.js';
import { SpillWriter } from './spill-writer.js';

export interface SpillBacklogOptions {
  directory: string;
  now: () => number;
  timers: RecordWriterTimers;
  log: RecordWriterLog;
  maxFileBytes: number;
  batchSize: number;
  pauseMs: number;
  /** Stores a replayed batch through the writer's one insert lane; throws when the store fails. */
  insert(batch: readonly RequestRecord[]): Promise<void>;
  /** How long to wait before the next pass: the replay delay when healthy, the backoff when not. */
  nextDelay(): number;
  /** True while live traffic should go first; the pass is put off. */
  busy(): boolean;
  /** A pass ended (not called when the directory could not be listed). */
  onPassEnd(result: SpillReplayResult): void;
  onStored(count: number): void;
  onSpillError(error: unknown): void;
}

export class SpillBacklog {
  readonly #options: SpillBacklogOptions;
  readonly #spill: SpillWriter;
  /** Known spill files by path, with their creation time. */
  readonly #files = new Map<string, number>();
  /** Spill files may hold records not yet replayed. */
  #pending = false;
  #timer: unknown = null;
  #replaying = false;
  #stopped = false;
  /** Lines skipped in replayed files. */
  tornLines = 0;

  constructor(options: SpillBacklogOptions) {
    this.#options = options;
    this.#spill = new SpillWriter({
      directory: options.directory,
      now: options.now,
      maxFileBytes: options.maxFileBytes,
      onFileCreated: (entry) => this.#files.set(entry.path, entry.createdAt),
      onError: (error, lostRecords) => {
        options.onSpillError(error);
        const lost = lostRecords > 0 ? `${lostRecords} records dropped: ` : '';
        options.log.throttled('spill', 'error', `spill file write failed, ${lost}${messageOf(error)}`);
      },
    });
  }

  get spilled(): number {
    return this.#spill.spilled;
  }

  get dropped(): number {
    return this.#spill.dropped;
  }

  /** Records handed over and not yet on disk. */
  get unwritten(): number {
    return this.#spill.pending;
  }

  get fileCount(): number {
    return this.#files.size;
  }

  /** The creation time of the oldest known spill file; null when there is none. */
  oldestCreatedAt(): number | null {
    let oldest: number | null = null;
    for (const createdAt of this.#files.values())
      if (oldest === null || createdAt < oldest) oldest = createdAt;
    return oldest;
  }

  /** Spills records (returns at once) and schedules a replay. */
  append(records: readonly RequestRecord[]): void {
    if (records.length === 0) return;
    this.#spill.append(records);
    this.#pending = true;
    this.schedule();
  }

  /** Finds files left by a previous process and starts replaying them; returns how many there are. */
  async recover(): Promise<number> {
    let files: SpillFileEntry[] = [];
    try {
      files = await listSpillFiles(this.#options.directory);
    } catch (error) {
      this.#options.log.say(
        'error',
        `cannot read spill directory ${this.#options.directory}: ${messageOf(error)}`,
      );
    }
    if (files.length === 0 || this.#stopped) return files.length;
    for (const file of files) this.#files.set(file.path, file.createdAt);
    this.#options.log.say('info', `replaying ${files.length} spill files left by a previous process`);
    this.#pending = true;
    this.#startPass();
    return files.length;
  }

  /** Arms the next pass after nextDelay(), unless one is armed or running, or nothing waits. */
  schedule(): void {
    if (this.#timer !== null || this.#replaying || this.#stopped || !this.#pending) return;
    this.#timer = this.#options.timers.setTimeout(() => {
      this.#timer = null;
      this.#startPass();
    }, this.#options.nextDelay());
  }

  /** Re-arms with the current delay (after a failure the backoff replaces a shorter wait). */
  reschedule(): void {
    this.#clearTimer();
    this.schedule();
  }

  /** No more passes; a running one stops before its next batch. Appends still work. */
  stop(): void {
    this.#stopped = true;
    this.#clearTimer();
  }

  idle(): Promise<void> {
    return this.#spill.idle();
  }

  /** Writes what is pending and fsyncs the spill file. */
  close(): Promise<void> {
    return this.#spill.close();
  }

  #startPass(): void {
    if (this.#replaying || this.#stopped) return;
    if (this.#options.busy()) {
      this.schedule();
      return;
    }
    this.#replaying = true;
    void this.#pass().finally(() => {
      this.#replaying = false;
      this.schedule();
    });
  }

  async #pass(): Promise<void> {
    // Cleared before anything is awaited: a spill from here on marks work for the next pass.
    this.#pending = false;
    let files: SpillFileEntry[];
    try {
      // Seal the file being appended to, so the pass sees whole files; later spills start a new one.
      await this.#spill.rotate();
      const listed = await listSpillFiles(this.#options.directory);
      // Read after listing: a file opened while the directory was read is the writer's, not ours.
      const current = this.#spill.currentPath;
      files = listed.filter((file) => file.path !== current);
      for (const known of this.#files.keys()) if (known !== current) this.#files.delete(known);
      for (const file of files) this.#files.set(file.path, file.createdAt);
    } catch (error) {
      this.#pending = true;
      this.#options.log.throttled('replay', 'error', `cannot list spill files: ${messageOf(error)}`);
      return;
    }
    const result = await replaySpillFiles(files, {
      batchSize: this.#options.batchSize,
      pauseMs: this.#options.pauseMs,
      insert: (batch) => this.#options.insert(batch),
      sleep: (ms) => new Promise((resolve) => this.#options.timers.setTimeout(resolve, ms)),
      stopped: () => this.#stopped,
      onStored: (count) => this.#options.onStored(count),
      onFileDone: (file, tornLines) => {
        this.#files.delete(file.path);
        this.tornLines += tornLines;
        if (tornLines > 0) this.#options.log.say('warn', `skipped ${tornLines} torn lines in ${file.name}`);
      },
      onFileError: (file, error) => {
        this.#options.log.throttled('replay-file', 'warn', `cannot replay ${file.name}: ${messageOf(error)}`);
      },
    });
    if (result.outcome !== 'done') this.#pending = true;
    this.#options.onPassEnd(result);
  }

  #clearTimer(): void {
    if (this.#timer === null) return;
    this.#options.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
