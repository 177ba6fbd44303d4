// Appends records the store could not take to JSON-lines spill files, asynchronously and in order:
// every file operation runs on one chain, so an append never races a rotation or a close. Never
// throws to its caller: a record it cannot write is counted as dropped and reported through onError.

import { randomBytes } from 'node:crypto';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { RequestRecord } from './request-record.js';
import { spillFileName, type SpillFileEntry } from './spill-files.js';

export interface SpillWriterOptions {
  directory: string;
  now: () => number;
  /** A file past this size is sealed and the next append starts a new one (bounds replay memory). */
  maxFileBytes: number;
  /** Records serialised per append call, so one append never holds the event loop for long. */
  chunkSize?: number;
  onFileCreated?: (entry: SpillFileEntry) => void;
  /** A file operation failed; `lostRecords` of them were dropped (0 when only a sync/close failed). */
  onError: (error: unknown, lostRecords: number) => void;
}

interface OpenSpillFile {
  handle: FileHandle;
  entry: SpillFileEntry;
  bytes: number;
}

export class SpillWriter {
  readonly #options: SpillWriterOptions;
  readonly #chunkSize: number;
  readonly #instance = randomBytes(4).toString('hex');
  #pending: RequestRecord[] = [];
  #writeScheduled = false;
  #tail: Promise<void> = Promise.resolve();
  #file: OpenSpillFile | null = null;
  /** The file being opened: on disk already, not yet in #file. */
  #opening: string | undefined;
  #sequence = 0;
  #sealWhenIdle = false;
  /** Records appended to a spill file. */
  spilled = 0;
  /** Records lost because no spill file could take them. */
  dropped = 0;

  constructor(options: SpillWriterOptions) {
    this.#options = options;
    this.#chunkSize = options.chunkSize ?? 1000;
  }

  /** Records accepted by append() and not yet written or dropped. */
  get pending(): number {
    return this.#pending.length;
  }

  /** The file appends currently go to; a replay must leave it alone. */
  get currentPath(): string | undefined {
    return this.#file?.entry.path ?? this.#opening;
  }

  /** Queues records for the spill file and returns at once; the write happens on the chain. */
  append(records: readonly RequestRecord[]): void {
    for (const record of records) this.#pending.push(record);
    if (this.#pending.length === 0 || this.#writeScheduled) return;
    this.#writeScheduled = true;
    void this.#enqueue(() => this.#writePending());
  }

  /** Seals the current file (fsync, close) after what was appended before; the next append opens a new one. */
  rotate(): Promise<void> {
    return this.#enqueue(() => this.#seal());
  }

  /** Resolves once every record appended so far is written (or dropped). */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.#tail;
      await seen;
    } while (seen !== this.#tail);
  }

  /**
   * Writes what is pending, fsyncs and closes the file. Appends after close still work: each burst
   * opens a file and seals it again, so nothing is left unsynced.
   */
  async close(): Promise<void> {
    this.#sealWhenIdle = true;
    void this.#enqueue(() => this.#seal());
    await this.idle();
  }

  #enqueue(operation: () => Promise<void>): Promise<void> {
    // Operations report their own failures; the catch only keeps one failure from stalling the chain.
    this.#tail = this.#tail.then(operation).catch((error: unknown) => this.#options.onError(error, 0));
    return this.#tail;
  }

  async #writePending(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const chunk =
          this.#pending.length <= this.#chunkSize ? this.#pending : this.#pending.slice(0, this.#chunkSize);
        this.#pending = chunk === this.#pending ? [] : this.#pending.slice(this.#chunkSize);
        await this.#writeChunk(chunk);
      }
    } finally {
      this.#writeScheduled = false;
    }
    if (this.#sealWhenIdle) await this.#seal();
  }

  async #writeChunk(chunk: readonly RequestRecord[]): Promise<void> {
    let text = '';
    let count = 0;
    for (const record of chunk) {
      try {
        text += `${JSON.stringify(record)}\n`;
        count += 1;
      } catch (error) {
        // A record that cannot be serialised (a cycle, a BigInt) can never be replayed either.
        this.dropped += 1;
        this.#options.onError(error, 1);
      }
    }
    if (count === 0) return;
    try {
      const file = await this.#openFile();
      await file.handle.appendFile(text, 'utf8');
      file.bytes += Buffer.byteLength(text);
      this.spilled += count;
      if (file.bytes >= this.#options.maxFileBytes) await this.#seal();
    } catch (error) {
      this.dropped += count;
      this.#options.onError(error, count);
      // Start the next chunk in a fresh file: this one may end in a torn line (replay skips it).
      await this.#seal().catch(() => undefined);
    }
  }

  async #openFile(): Promise<OpenSpillFile> {
    if (this.#file !== null) return this.#file;
    await mkdir(this.#options.directory, { recursive: true });
    const createdAt = this.#options.now();
    const name = spillFileName(createdAt, this.#sequence, this.#instance);
    this.#sequence += 1;
    const entry: SpillFileEntry = { path: path.join(this.#options.directory, name), name, createdAt };
    this.#opening = entry.path;
    let handle: FileHandle;
    try {
      handle = await open(entry.path, 'a');
    } finally {
      this.#opening = undefined;
    }
    this.#file = { handle, entry, bytes: 0 };
    this.#options.onFileCreated?.(entry);
    return this.#file;
  }

  async #seal(): Promise<void> {
    const file = this.#file;
    if (file === null) return;
    this.#file = null;
    try {
      await file.handle.sync();
    } finally {
      await file.handle.close();
    }
  }
}
