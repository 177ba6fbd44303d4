import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Migration } from '../migration.js';
import { manualClock } from '../testing/determinism.js';
import { migrateSqlite } from './migrate-sqlite.js';
import { sqliteMigrations } from './migrations.js';

describe('migrateSqlite', () => {
  let directory: string;
  let path: string;
  const open: Database.Database[] = [];

  function connect(): Database.Database {
    const database = new Database(path);
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    open.push(database);
    return database;
  }

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'switchyard-migrate-'));
    path = join(directory, 'test.db');
  });

  afterEach(() => {
    for (const database of open.splice(0)) database.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('applies every migration once and records it with its checksum and time', () => {
    const database = connect();
    const time = manualClock(new Date('2025-06-01T12:00:00.000Z'));
    expect(migrateSqlite(database, sqliteMigrations, time.clock)).toEqual(
      sqliteMigrations.map((m) => m.version),
    );
    const rows = database.prepare('SELECT version, name, checksum, applied_at FROM schema_migrations').all();
    expect(rows).toEqual(
      sqliteMigrations.map((migration) => ({
        version: migration.version,
        name: migration.name,
        checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
        applied_at: '2025-06-01T12:00:00.000Z',
      })),
    );
  });

  it('is idempotent: a second run, even from another connection, changes nothing', () => {
    const first = connect();
    migrateSqlite(first);
    const schemaBefore = first.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    const second = connect();
    expect(migrateSqlite(second)).toEqual([]);
    expect(migrateSqlite(first)).toEqual([]);
    expect(second.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()).toEqual(
      schemaBefore,
    );
    expect(second.prepare('SELECT count(*) AS count FROM schema_migrations').get()).toEqual({
      count: sqliteMigrations.length,
    });
  });

  it('applies only what is new when a later migration is added', () => {
    const database = connect();
    migrateSqlite(database);
    const next: Migration = { version: 99, name: 'add_notes', sql: 'CREATE TABLE notes (body TEXT) STRICT;' };
    expect(migrateSqlite(database, [...sqliteMigrations, next])).toEqual([99]);
    expect(database.prepare("SELECT name FROM sqlite_master WHERE name = 'notes'").get()).toEqual({
      name: 'notes',
    });
  });

  it('rolls the whole batch back when one migration fails', () => {
    const database = connect();
    const broken: Migration[] = [
      { version: 1, name: 'good', sql: 'CREATE TABLE good (x INTEGER) STRICT;' },
      {
        version: 2,
        name: 'bad',
        sql: 'CREATE TABLE bad (x INTEGER) STRICT; INSERT INTO nowhere VALUES (1);',
      },
    ];
    expect(() => migrateSqlite(database, broken)).toThrow(/nowhere/);
    const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    expect(tables).toEqual([]);
  });

  it('refuses to start on a schema whose released migration was edited', () => {
    const database = connect();
    migrateSqlite(database);
    const edited = sqliteMigrations.map((migration) => ({
      ...migration,
      sql: `${migration.sql}\n-- edited`,
    }));
    expect(() => migrateSqlite(database, edited)).toThrow(/edited after it was applied/);
  });
});
