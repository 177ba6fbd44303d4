// Applies pending SQLite migrations at start-up, all in one IMMEDIATE transaction: a second
// process opening the same file waits on the write lock (busy_timeout), then finds nothing to do.

import type { Database } from 'better-sqlite3';
import { systemClock, type Clock } from '../clock.js';
import { migrationChecksum, pendingMigrations, type AppliedMigration, type Migration } from '../migration.js';
import { sqliteMigrations } from './migrations.js';

const createMigrationsTable = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT`;

/** Returns the versions it applied (empty when the schema was already current). */
export function migrateSqlite(
  database: Database,
  migrations: readonly Migration[] = sqliteMigrations,
  clock: Clock = systemClock,
): number[] {
  const apply = database.transaction((): number[] => {
    database.exec(createMigrationsTable);
    const applied = database
      .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
      .all() as AppliedMigration[];
    const pending = pendingMigrations(migrations, applied);
    const record = database.prepare(
      'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
    );
    for (const migration of pending) {
      database.exec(migration.sql);
      record.run(migration.version, migration.name, migrationChecksum(migration), clock().toISOString());
    }
    return pending.map((migration) => migration.version);
  });
  return apply.immediate();
}
