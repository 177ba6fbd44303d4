// The SQLite worker thread: owns one connection to one file and runs the statements the main
// thread sends (sqlite-worker-protocol.ts), so scans and batch writes never block the event loop.
// Generic: it knows SQL and transactions; of the tables it knows only the request log's SQL
// functions (record-functions.ts), which its queries call.

import { parentPort, workerData } from 'node:worker_threads';
import type { Database, Statement } from 'better-sqlite3';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { registerRecordFunctions } from './record-functions.js';
import {
  serializeError,
  type SqliteReply,
  type SqliteRequest,
  type SqliteWireStep,
  type SqliteWorkerSettings,
} from './sqlite-worker-protocol.js';

/** Statements kept prepared; the stores use a few dozen distinct SQL texts. */
const maxCachedStatements = 500;

class StatementCache {
  private readonly statements = new Map<string, Statement>();
  private readonly database: Database;

  constructor(database: Database) {
    this.database = database;
  }

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.database.prepare(sql);
      if (this.statements.size >= maxCachedStatements) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function all(cache: StatementCache, sql: string, params: unknown[]): unknown[] {
  const statement = cache.get(sql);
  if (statement.reader) return statement.all(...params);
  statement.run(...params);
  return [];
}

function runSteps(cache: StatementCache, statements: string[], steps: SqliteWireStep[]): number[] {
  const prepared = statements.map((sql) => cache.get(sql));
  const changes: number[] = [];
  for (const step of steps) {
    const gate = step.onlyIfChanged;
    if (gate !== undefined && (changes[gate] ?? 0) === 0) {
      changes.push(0);
      continue;
    }
    const statement = prepared[step.statement];
    if (statement === undefined) throw new RangeError(`no statement ${step.statement} in this transaction`);
    changes.push(statement.run(...step.params).changes);
  }
  return changes;
}

function serve(port: NonNullable<typeof parentPort>, settings: SqliteWorkerSettings): void {
  let database: Database;
  try {
    database = openSqliteDatabase(settings.path, { busyTimeoutMs: settings.busyTimeoutMs });
    registerRecordFunctions(database);
  } catch (error) {
    port.postMessage({ kind: 'failed', error: serializeError(error) } satisfies SqliteReply);
    return;
  }
  const cache = new StatementCache(database);
  // IMMEDIATE takes the write lock up front, so a transaction never fails half-way on SQLITE_BUSY
  // when another connection wrote first.
  const transaction = database.transaction((statements: string[], steps: SqliteWireStep[]) =>
    runSteps(cache, statements, steps),
  );
  port.on('message', (request: SqliteRequest) => {
    let reply: SqliteReply;
    try {
      switch (request.kind) {
        case 'all':
          reply = { kind: 'rows', id: request.id, rows: all(cache, request.sql, request.params) };
          break;
        case 'run':
          reply = {
            kind: 'changes',
            id: request.id,
            changes: [cache.get(request.sql).run(...request.params).changes],
          };
          break;
        case 'transaction':
          reply = {
            kind: 'changes',
            id: request.id,
            changes: transaction.immediate(request.statements, request.steps),
          };
          break;
        case 'close':
          database.close();
          port.postMessage({ kind: 'changes', id: request.id, changes: [] } satisfies SqliteReply);
          port.close();
          return;
      }
    } catch (error) {
      reply = { kind: 'error', id: request.id, error: serializeError(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ kind: 'ready' } satisfies SqliteReply);
}

if (parentPort !== null) serve(parentPort, workerData as SqliteWorkerSettings);
