import { describe, expect, it } from 'vitest';
import {
  checkMigrationList,
  migrationChecksum,
  MigrationError,
  pendingMigrations,
  type Migration,
} from './migration.js';

const first: Migration = { version: 1, name: 'create_keys', sql: 'CREATE TABLE a (x INTEGER);' };
const second: Migration = { version: 2, name: 'add_index', sql: 'CREATE INDEX a_x ON a (x);' };

function applied(migration: Migration) {
  return { version: migration.version, name: migration.name, checksum: migrationChecksum(migration) };
}

describe('checkMigrationList', () => {
  it('accepts increasing versions with snake_case names', () => {
    expect(() => checkMigrationList([first, second])).not.toThrow();
  });

  it.each([
    ['a repeated version', [first, { ...second, version: 1 }]],
    ['a decreasing version', [second, first]],
    ['version zero', [{ ...first, version: 0 }]],
    ['a fractional version', [{ ...first, version: 1.5 }]],
    ['a name with spaces', [{ ...first, name: 'create keys' }]],
    ['empty SQL', [{ ...first, sql: '  ' }]],
  ])('rejects %s', (_label, migrations) => {
    expect(() => checkMigrationList(migrations)).toThrow(MigrationError);
  });
});

describe('pendingMigrations', () => {
  it('returns every migration for an empty database and none once all are applied', () => {
    expect(pendingMigrations([first, second], [])).toEqual([first, second]);
    expect(pendingMigrations([first, second], [applied(first), applied(second)])).toEqual([]);
  });

  it('returns only the ones not yet applied, in order', () => {
    expect(pendingMigrations([first, second], [applied(first)])).toEqual([second]);
  });

  it('refuses a database migrated by a newer release', () => {
    expect(() => pendingMigrations([first], [applied(first), applied(second)])).toThrow(/newer release/);
  });

  it('refuses a released migration whose SQL was edited', () => {
    const edited = { ...first, sql: 'CREATE TABLE a (x TEXT);' };
    expect(() => pendingMigrations([edited, second], [applied(first)])).toThrow(
      /edited after it was applied/,
    );
  });

  it('changes the checksum with any change to the SQL', () => {
    expect(migrationChecksum(first)).toMatch(/^[0-9a-f]{64}$/);
    expect(migrationChecksum({ ...first, sql: `${first.sql} ` })).not.toBe(migrationChecksum(first));
  });
});
