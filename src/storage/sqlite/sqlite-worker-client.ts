// The main thread's handle on a SQLite worker thread (sqlite-worker.ts): starts it on a file,
// sends statements, matches replies to promises, stops it. Generic: no knowledge of any table.

import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../io/start-worker.js';
import {
  SqliteWorkerError,
  type SqliteReply,
  type SqliteRequest,
  type SqliteStep,
  type SqliteWireStep,
  type SqliteWorkerSettings,
} from './sqlite-worker-protocol.js';

interface Pending {
  resolve(reply: SqliteReply): void;
  reject(error: Error): void;
}

/** Distributive, so each request kind keeps its own fields once the id is left out. */
type RequestWithoutId = SqliteRequest extends infer Request
  ? Request extends SqliteRequest
    ? Omit<Request, 'id'>
    : never
  : never;

/**
 * The worker only moves rows between messages and SQLite: a small young generation keeps its heap
 * (and the gateway's RSS) from growing to V8's defaults, which are sized for a main thread.
 */
const resourceLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 };

function startSqliteWorker(settings: SqliteWorkerSettings): Worker {
  return startWorker(import.meta.url, 'sqlite-worker', { workerData: settings, resourceLimits });
}

export class SqliteWorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set once the worker is gone (closed, crashed): every later call fails with it. */
  private stopped: Error | undefined;
  private closing: Promise<void> | undefined;
  /** What calls made after close() are told. */
  private readonly closed = new Error('the SQLite worker is closed');

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (reply: SqliteReply) => {
      if (reply.kind === 'ready' || reply.kind === 'failed') return;
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      pending?.resolve(reply);
    });
    worker.on('error', (error) => this.stop(error));
    worker.on('exit', (code) =>
      this.stop(
        this.closing === undefined ? new Error(`the SQLite worker stopped (exit code ${code})`) : this.closed,
      ),
    );
  }

  /** Starts a worker on the file (created and migrated if needed); resolves once it is open. */
  static async open(settings: SqliteWorkerSettings): Promise<SqliteWorkerClient> {
    const worker = startSqliteWorker(settings);
    const client = new SqliteWorkerClient(worker);
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: Error): void => {
        worker.off('message', onMessage);
        worker.off('error', settle);
        worker.off('exit', onExit);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onMessage = (reply: SqliteReply): void => {
        if (reply.kind === 'ready') settle();
        else if (reply.kind === 'failed') settle(new SqliteWorkerError(reply.error));
      };
      // A thread that cannot even load (a missing file, a syntax error) reports 'error', then exits.
      const onExit = (code: number): void =>
        settle(new Error(`the SQLite worker stopped (exit code ${code})`));
      worker.on('message', onMessage);
      worker.on('error', settle);
      worker.on('exit', onExit);
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return client;
  }

  /** The rows of a query (an empty list for a statement that returns none). */
  async all<Row = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const reply = await this.send({ kind: 'all', sql, params: [...params] });
    return reply.kind === 'rows' ? (reply.rows as Row[]) : [];
  }

  /** Runs one statement; returns how many rows it changed. */
  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    const reply = await this.send({ kind: 'run', sql, params: [...params] });
    return reply.kind === 'changes' ? (reply.changes[0] ?? 0) : 0;
  }

  /** Runs the steps in one IMMEDIATE transaction, all or nothing; returns each step's changed rows. */
  async transaction(steps: readonly SqliteStep[]): Promise<number[]> {
    const statements: string[] = [];
    const positions = new Map<string, number>();
    const wire = steps.map((step): SqliteWireStep => {
      let statement = positions.get(step.sql);
      if (statement === undefined) {
        statement = statements.push(step.sql) - 1;
        positions.set(step.sql, statement);
      }
      return step.onlyIfChanged === undefined
        ? { statement, params: step.params }
        : { statement, params: step.params, onlyIfChanged: step.onlyIfChanged };
    });
    const reply = await this.send({ kind: 'transaction', statements, steps: wire });
    return reply.kind === 'changes' ? reply.changes : [];
  }

  /** Closes the database, then waits for the thread to end. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.stopped === undefined) {
        const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
        try {
          await this.send({ kind: 'close' });
          await exited;
        } catch {
          await this.worker.terminate();
        }
      }
      this.stop(this.closed);
    })();
    return this.closing;
  }

  private send(request: RequestWithoutId): Promise<SqliteReply> {
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<SqliteReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    }).then((reply) => {
      if (reply.kind === 'error') throw new SqliteWorkerError(reply.error);
      return reply;
    });
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const pending of this.pending.values()) pending.reject(this.stopped);
    this.pending.clear();
  }
}
