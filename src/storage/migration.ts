// Numbered schema migrations and the dialect-neutral half of running them: checking the list,
// detecting drift, choosing what is pending. Each dialect's runner does the SQL and the locking.

import { createHash } from 'node:crypto';

export interface Migration {
  /** 1, 2, 3, ... in order; never renumbered once released. */
  version: number;
  /** A short snake_case description, recorded beside the version. */
  name: string;
  /** One or more statements, run in one transaction with the rest of the batch. */
  sql: string;
}

/** A row of schema_migrations. */
export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** Hash of the SQL, so an edited migration that was already applied is caught instead of silently skipped. */
export function migrationChecksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

export function checkMigrationList(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const migration of migrations) {
    if (!Number.isSafeInteger(migration.version) || migration.version <= previous) {
      throw new MigrationError(
        `migration versions must be increasing positive integers; ${migration.version} follows ${previous}`,
      );
    }
    if (!/^[a-z0-9_]+$/.test(migration.name)) {
      throw new MigrationError(
        `migration ${migration.version} needs a snake_case name, got '${migration.name}'`,
      );
    }
    if (migration.sql.trim() === '') throw new MigrationError(`migration ${migration.version} has no SQL`);
    previous = migration.version;
  }
}

/**
 * The migrations still to apply, in order. Refuses to go on when the database was migrated by a
 * newer release (unknown versions) or a released migration was edited (checksum changed): both
 * mean the code and the schema disagree, and guessing would corrupt data.
 */
export function pendingMigrations(
  migrations: readonly Migration[],
  applied: readonly AppliedMigration[],
): Migration[] {
  checkMigrationList(migrations);
  const known = new Map(migrations.map((migration) => [migration.version, migration]));
  for (const row of applied) {
    const migration = known.get(row.version);
    if (migration === undefined) {
      throw new MigrationError(
        `the database has migration ${row.version} (${row.name}) that this Switchyard does not know: ` +
          'it was migrated by a newer release; upgrade Switchyard or restore a backup',
      );
    }
    if (row.checksum !== migrationChecksum(migration)) {
      throw new MigrationError(
        `migration ${row.version} (${row.name}) was edited after it was applied; ` +
          'add a new migration instead of changing a released one',
      );
    }
  }
  const done = new Set(applied.map((row) => row.version));
  return migrations.filter((migration) => !done.has(migration.version));
}
