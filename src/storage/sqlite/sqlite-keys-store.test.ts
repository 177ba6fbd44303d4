import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keysStoreCase } from '../keys-store.case.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SqliteKeysStore } from './sqlite-keys-store.js';

keysStoreCase('sqlite (temp file)', async (options) => {
  const directory = mkdtempSync(join(tmpdir(), 'switchyard-keys-'));
  const database = openSqliteDatabase(join(directory, 'switchyard.db'));
  return {
    store: new SqliteKeysStore(database, options),
    close: async () => {
      database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
});
