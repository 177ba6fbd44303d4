// A small Postgres pool of its own for key lookups, the one query on the data plane's path, with
// a timeout on every step: admin log reads stuck on a locked table can never take its connections,
// and a Postgres that stops answering makes a lookup fail in seconds instead of hanging. The
// schema is migrated on the main pool (open-postgres-pool.ts) before this one is opened.

import pg from 'pg';

export interface KeysPoolOptions {
  /** Connections per replica for key lookups and key admin. */
  maxConnections?: number;
  /** Longest a lookup waits for a connection, and for its answer. */
  timeoutMs?: number;
  onError?: (error: Error) => void;
}

export const defaultKeysPoolConnections = 4;
export const defaultKeyLookupTimeoutMs = 2000;

export function openKeysPool(url: string, options: KeysPoolOptions = {}): pg.Pool {
  const timeoutMs = options.timeoutMs ?? defaultKeyLookupTimeoutMs;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? defaultKeysPoolConnections,
    connectionTimeoutMillis: timeoutMs,
    // Client side: a stalled server never answers, so the driver gives up and drops the connection.
    query_timeout: timeoutMs,
    // Server side: a query stuck on a lock is cancelled rather than left holding a backend.
    statement_timeout: timeoutMs,
  });
  pool.on(
    'error',
    options.onError ??
      ((error) => console.error(`switchyard warn: an idle Postgres key connection failed: ${error.message}`)),
  );
  return pool;
}
