// The in-process cache kept across a graceful restart (`cache.persist`): on shutdown its live
// entries are written to a SQLite file of their own, and loaded again at the next start, oldest
// first so the least recently stored go first when it fills. A disposable file, not a database of
// record: one table, rewritten whole; an unreadable file is set aside and the cache starts empty.
// Synchronous (better-sqlite3): it runs only before the server listens and after it has drained.

import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

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
