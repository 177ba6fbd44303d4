// The in-process cache kept across a graceful restart (`cache.persist`): on shutdown its live
// entries are written to a SQLite file of their own, and loaded again at the next start, oldest
// first so the least recently stored go first when it fills. A disposable file, not a database of
// record: one table, rewritten whole; an unreadable file is set aside and the cache starts empty.
// Synchronous (better-sqlite3): it runs only before the server listens and after it has drained.
// The semantic routes' calibrations are kept in the same file.

import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { readCalibration, type CalibrationStore } from '../semantic/calibration-store.js';

export interface SnapshotEntry {
  digest: string;
  entry: Buffer;
  /** Epoch ms. */
  storedAt: number;
  expiresAt: number;
}

const schema = `CREATE TABLE IF NOT EXISTS cache_entries (
  digest TEXT PRIMARY KEY NOT NULL,
  entry BLOB NOT NULL,
  stored_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT`;

export function saveSnapshot(path: string, entries: Iterable<SnapshotEntry>): number {
  mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  try {
    database.exec(schema);
    const insert = database.prepare(
      'INSERT OR REPLACE INTO cache_entries (digest, entry, stored_at, expires_at) VALUES (?, ?, ?, ?)',
    );
    let saved = 0;
    database.transaction(() => {
      database.exec('DELETE FROM cache_entries');
      for (const { digest, entry, storedAt, expiresAt } of entries) {
        insert.run(digest, entry, Math.round(storedAt), Math.round(expiresAt));
        saved += 1;
      }
    })();
    return saved;
  } finally {
    database.close();
  }
}

/** The entries still alive at `now`, oldest first; none when there is no file or it is unreadable. */
export function loadSnapshot(path: string, now: number, warn: (line: string) => void): SnapshotEntry[] {
  if (!existsSync(path)) return [];
  let database: Database.Database | undefined;
  try {
    database = new Database(path, { fileMustExist: true });
    database.exec(schema);
    const rows = database
      .prepare(
        'SELECT digest, entry, stored_at AS storedAt, expires_at AS expiresAt FROM cache_entries WHERE expires_at > ? ORDER BY stored_at',
      )
      .all(now) as SnapshotEntry[];
    return rows.filter((row) => typeof row.digest === 'string' && Buffer.isBuffer(row.entry));
  } catch (error) {
    database?.close();
    database = undefined;
    const aside = `${path}.unreadable-${now}`;
    renameSync(path, aside);
    warn(
      `switchyard warn: the cache snapshot ${path} could not be read (${String(error)}); moved to ${aside}, starting empty`,
    );
    return [];
  } finally {
    database?.close();
  }
}

const calibrationSchema = `CREATE TABLE IF NOT EXISTS calibrations (
  route_key TEXT PRIMARY KEY NOT NULL,
  calibration TEXT NOT NULL
) STRICT`;

/** The semantic routes' calibrations, kept in the same file (semantic/calibration-store.ts). */
export function sqliteCalibrationStore(path: string): CalibrationStore {
  return {
    async load() {
      if (!existsSync(path)) return [];
      const database = new Database(path);
      try {
        database.exec(calibrationSchema);
        const rows = database.prepare('SELECT calibration FROM calibrations').all() as Array<{
          calibration: string;
        }>;
        return rows.flatMap((row) => {
          try {
            const calibration = readCalibration(JSON.parse(row.calibration));
            return calibration === undefined ? [] : [calibration];
          } catch {
            return [];
          }
        });
      } finally {
        database.close();
      }
    },
    async save(calibrations) {
      mkdirSync(dirname(path), { recursive: true });
      const database = new Database(path);
      try {
        database.exec(calibrationSchema);
        const upsert = database.prepare(
          'INSERT OR REPLACE INTO calibrations (route_key, calibration) VALUES (?, ?)',
        );
        database.transaction(() => {
          for (const calibration of calibrations) {
            const key = `${calibration.routeKey}\u0000${calibration.errorBudget}\u0000${calibration.confidence}`;
            upsert.run(key, JSON.stringify(calibration));
          }
        })();
      } finally {
        database.close();
      }
    },
  };
}
