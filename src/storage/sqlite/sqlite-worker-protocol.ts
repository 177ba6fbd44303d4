// The messages between the main thread and the SQLite worker thread (sqlite-worker.ts). Plain data
// only: everything here crosses postMessage (structured clone). Knows nothing of what is stored.

export interface SqliteWorkerSettings {
  path: string;
  busyTimeoutMs?: number;
}

/** One statement of a transaction. */
export interface SqliteStep {
  sql: string;
  params: unknown[];
  /**
   * Runs only when the step at this index changed at least one row: lets a batch insert a
   * record's children only when the record itself was new, in one round trip.
   */
  onlyIfChanged?: number;
}

/** A step as it crosses the thread: its SQL by position in the message's `statements`. */
export interface SqliteWireStep {
  statement: number;
  params: unknown[];
  onlyIfChanged?: number;
}

export type SqliteRequest =
  | { id: number; kind: 'all'; sql: string; params: unknown[] }
  | { id: number; kind: 'run'; sql: string; params: unknown[] }
  /**
   * Each distinct SQL text once: structured clone copies a string at every occurrence, and a
   * batch of 500 records repeats the same three inserts 500 times each.
   */
  | { id: number; kind: 'transaction'; statements: string[]; steps: SqliteWireStep[] }
  | { id: number; kind: 'close' };

/** An error as it crosses the thread boundary; `code` is SQLite's (SQLITE_FULL, SQLITE_BUSY...). */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
}

export type SqliteReply =
  | { kind: 'ready' }
  | { kind: 'failed'; error: SerializedError }
  | { kind: 'rows'; id: number; rows: unknown[] }
  | { kind: 'changes'; id: number; changes: number[] }
  | { kind: 'error'; id: number; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string'
    ? { name: error.name, message: error.message, code }
    : { name: error.name, message: error.message };
}

/** The error the caller sees: the worker's message and SQLite code, thrown from the caller's side. */
export class SqliteWorkerError extends Error {
  readonly code: string | undefined;

  constructor(serialized: SerializedError) {
    super(serialized.message);
    this.name = serialized.name === 'SqliteError' ? 'SqliteError' : 'SqliteWorkerError';
    this.code = serialized.code;
  }
}
