// SQL functions the request log's queries call on SQLite, registered on each connection that runs
// them (the worker thread's). search_rowid(id): the search table's rowid of a request (record-search.ts),
// so a query can test a record against the full-text index's rowids of a word's matches.

import type { Database } from 'better-sqlite3';
import { searchRowid } from '../record-search.js';

export function registerRecordFunctions(database: Database): void {
  database.function('search_rowid', { deterministic: true }, (id: unknown) =>
    typeof id === 'string' ? searchRowid(id) : null,
  );
}
