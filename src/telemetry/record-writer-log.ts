// Rate-limits the record writer's error reports: when the database or the disk fails, every batch
// fails the same way, and one line per interval (with a count of the rest) says as much. Logs only.

export type RecordWriterLogLevel = 'info' | 'warn' | 'error';

export type RecordWriterLogFunction = (level: RecordWriterLogLevel, message: string) => void;

interface Topic {
  lastAt: number;
  suppressed: number;
}

export class RecordWriterLog {
  readonly #topics = new Map<string, Topic>();
  readonly #log: RecordWriterLogFunction;
  readonly #now: () => number;
  readonly #intervalMs: number;

  constructor(log: RecordWriterLogFunction, now: () => number, intervalMs: number) {
    this.#log = log;
    this.#now = now;
    this.#intervalMs = intervalMs;
  }

  /** Logs at once; never suppressed (start, recovery, close). */
  say(level: RecordWriterLogLevel, message: string): void {
    this.#emit(level, message);
  }

  /** Logs the first report of `topic`, then at most one per interval, saying how many were held back. */
  throttled(topic: string, level: RecordWriterLogLevel, message: string): void {
    const now = this.#now();
    const state = this.#topics.get(topic);
    if (state !== undefined && now - state.lastAt < this.#intervalMs) {
      state.suppressed += 1;
      return;
    }
    const held =
      state !== undefined && state.suppressed > 0 ? ` (${state.suppressed} similar reports held back)` : '';
    this.#topics.set(topic, { lastAt: now, suppressed: 0 });
    this.#emit(level, `${message}${held}`);
  }

  #emit(level: RecordWriterLogLevel, message: string): void {
    try {
      this.#log(level, `record writer: ${message}`);
    } catch {
      // A broken log sink must not break the writer, which runs on the request path.
    }
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
