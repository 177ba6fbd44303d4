// Applies pending Postgres migrations at start-up in one transaction, under an advisory lock so
// replicas starting together take turns: the first migrates, the others then find nothing to do.

import type { Pool } from 'pg';
import { systemClock, type Clock } from '../clock.js';
import { migrationChecksum, pendingMigrations, type AppliedMigration, type Migration } from '../migration.js';
import { postgresMigrations } from './migrations.js';

/** An arbitrary constant shared by every Switchyard process (pg_advisory_xact_lock takes a bigint). */
const migrationLockKey = '7426711203949120113';

const createMigrationsTable = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL
)`;

/** Returns the versions it applied (empty when the schema was already current). */
export async function migratePostgres(
  pool: Pool,
  migrations: readonly Migration[] = postgresMigrations,
  clock: Clock = systemClock,
): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Transaction-scoped: released by COMMIT or ROLLBACK, even if this process dies mid-way.
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey]);
    await client.query(createMigrationsTable);
    const { rows } = await client.query<AppliedMigration>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    const pending = pendingMigrations(migrations, rows);
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query(
        'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)',
        [migration.version, migration.name, migrationChecksum(migration), clock()],
      );
    }
    await client.query('COMMIT');
    return pending.map((migration) => migration.version);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
