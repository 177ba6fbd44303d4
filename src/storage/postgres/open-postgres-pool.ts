// Opens the cluster's Postgres pool and migrates it. The pool is the only thing the Postgres
// stores share; closing it is the caller's job (openStorage does it in close()).

import pg from 'pg';
import { migratePostgres } from './migrate-postgres.js';

export interface PostgresOptions {
  /** Connections per replica. */
  maxConnections?: number;
  connectTimeoutMs?: number;
  /** Where idle-connection failures go; without a listener pg would crash the process. */
  onError?: (error: Error) => void;
}

export async function openPostgresPool(url: string, options: PostgresOptions = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
  });
  pool.on(
    'error',
    options.onError ??
      ((error) => console.error(`switchyard warn: an idle Postgres connection failed: ${error.message}`)),
  );
  try {
    await migratePostgres(pool);
    return pool;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}
