// Opens the embedded SQLite file with the settings every store relies on, and migrates it.
// better-sqlite3 is synchronous: fine for sub-millisecond indexed lookups such as key checks,
// but anything heavier (scans, large writes, batches) must run in a worker thread, never here.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrateSqlite } from './migrate-sqlite.js';

export interface SqliteOptions {
  /** How long a statement waits for another process's write lock before failing (ms). */
  busyTimeoutMs?: number;
}

export function openSqliteDatabase(path: string, options: SqliteOptions = {}): Database.Database {
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  try {
    // WAL lets readers run while one writer commits; NORMAL sync is durable in WAL except for
    // the last transactions on power loss, the usual trade for a gateway's write rate.
    database.pragma('journal_mode = WAL');
    database.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    database.pragma('foreign_keys = ON');
    database.pragma('synchronous = NORMAL');
    migrateSqlite(database);
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
}
