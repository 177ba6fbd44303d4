import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from './open-sqlite-database.js';

describe('openSqliteDatabase', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'switchyard-open-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('creates missing folders, turns on WAL, busy_timeout and foreign keys, and migrates', () => {
    const database = openSqliteDatabase(join(directory, 'nested', 'data', 'switchyard.db'), {
      busyTimeoutMs: 1234,
    });
    try {
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(database.pragma('busy_timeout', { simple: true })).toBe(1234);
      expect(database.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(database.prepare("SELECT name FROM sqlite_master WHERE name = 'keys'").get()).toEqual({
        name: 'keys',
      });
    } finally {
      database.close();
    }
  });

  it('enforces the declared column types (STRICT) and the JSON check', () => {
    const database = openSqliteDatabase(join(directory, 'switchyard.db'));
    try {
      const insert = database.prepare(
        'INSERT INTO keys (id, kind, name, prefix, hash, created_at, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      expect(() => insert.run('id-1', 'virtual', 'n', 'p', 'h', '2025-01-01T00:00:00.000Z', '[1]')).toThrow(
        /CHECK constraint/,
      );
      expect(() => insert.run('id-2', 'root', 'n', 'p', 'h2', '2025-01-01T00:00:00.000Z', '{}')).toThrow(
        /CHECK constraint/,
      );
      const blob = Buffer.from('2025');
      expect(() => insert.run('id-3', 'virtual', 'n', 'p', 'h3', blob, '{}')).toThrow(/cannot store BLOB/);
    } finally {
      database.close();
    }
  });

  it('fails cleanly when the path is a folder', () => {
    expect(() => openSqliteDatabase(directory)).toThrow();
  });
});
