// Chooses and opens the storage backends from the deployment's settings: Postgres when a URL is
// given, else the embedded SQLite file (or memory for --ephemeral); Redis pub/sub when a Redis URL
// is given, else in-process notifications. The only place that knows every backend.

import path from 'node:path';
import type { Clock } from './clock.js';
import type { IdGenerator } from './id-generator.js';
import type { KeysStore } from './keys-store.js';
import { MemoryKeysStore } from './memory/memory-keys-store.js';
import { MemoryNotifier } from './memory/memory-notifier.js';
import type { Notifier } from './notifier.js';
import { openSqliteDatabase } from './sqlite/open-sqlite-database.js';
import { SqliteKeysStore } from './sqlite/sqlite-keys-store.js';
import type { RecordStore } from './record-store.js';
import type { ReviewStore } from './review-store.js';
import { MemoryRecordStore } from './memory/memory-record-store.js';
import { openSqliteRecordStore, type SqliteRecordStore } from './sqlite/sqlite-record-store.js';

export interface StorageOptions {
  /** The embedded database file, used when there is no postgresUrl. */
  sqlitePath?: string;
  /** Shared Postgres for a cluster of replicas; wins over sqlitePath. */
  postgresUrl?: string;
  /** Shared Redis for notifications between replicas; without it they stay in process. */
  redisUrl?: string;
  /** Keep everything in memory (tests, `--ephemeral`); used when neither database is given. */
  ephemeral?: boolean;
  /**
   * The request log. SQLite: its own file (default: beside sqlitePath as records.db), written by a
   * worker thread so the log's write lock and growth never touch the keys database. Postgres: the
   * same database. false: no request log.
   */
  records?: { sqlitePath?: string } | false;
  /** Put before every Redis channel name; names the Postgres channel (default 'switchyard:'). */
  redisChannelPrefix?: string;
  clock?: Clock;
  newId?: IdGenerator;
}

export interface Storage {
  backend: 'postgres' | 'sqlite' | 'memory';
  keys: KeysStore;
  notifier: Notifier;
  /** The request log; undefined when options.records is false. */
  records: RecordStore | undefined;
  /** The review queue of flagged requests, kept with the request log (undefined without one). */
  reviews: ReviewStore | undefined;
  /** Closes the notifier and the database; safe to call twice. */
  close(): Promise<void>;
}

interface OpenedStore {
  backend: Storage['backend'];
  keys: KeysStore;
  records: RecordStore | undefined;
  reviews: ReviewStore | undefined;
  close(): Promise<void>;
}

async function openKeysStore(options: StorageOptions): Promise<OpenedStore> {
  const storeOptions = { clock: options.clock, newId: options.newId };
  const wantRecords = options.records !== false;
  if (options.postgresUrl !== undefined && options.postgresUrl !== '') {
    // Loaded only when configured: the Postgres driver costs the embedded default memory for nothing.
    const [{ openPostgresPool }, { openKeysPool }, { PostgresKeysStore }, { PostgresRecordStore }] =
      await Promise.all([
        import('./postgres/open-postgres-pool.js'),
        import('./postgres/open-keys-pool.js'),
        import('./postgres/postgres-keys-store.js'),
        import('./postgres/postgres-record-store.js'),
      ]);
    const pool = await openPostgresPool(options.postgresUrl);
    // Key lookups get their own pool, so the request log and admin reads never starve them.
    const keysPool = openKeysPool(options.postgresUrl);
    const records = wantRecords ? new PostgresRecordStore(pool, storeOptions) : undefined;
    return {
      backend: 'postgres',
      keys: new PostgresKeysStore(keysPool, storeOptions),
      records,
      reviews: records?.reviews,
      close: async () => {
        await Promise.all([pool.end(), keysPool.end()]);
      },
    };
  }
  if (options.sqlitePath !== undefined && options.sqlitePath !== '') {
    const database = openSqliteDatabase(options.sqlitePath);
    let records: SqliteRecordStore | undefined;
    try {
      records = wantRecords
        ? await openSqliteRecordStore(recordsPathFor(options.sqlitePath, options.records), storeOptions)
        : undefined;
    } catch (error) {
      database.close();
      throw error;
    }
    return {
      backend: 'sqlite',
      keys: new SqliteKeysStore(database, storeOptions),
      records,
      reviews: records?.reviews,
      close: async () => {
        try {
          await records?.close();
        } finally {
          database.close();
        }
      },
    };
  }
  if (options.ephemeral === true) {
    const records = wantRecords ? new MemoryRecordStore(storeOptions) : undefined;
    return {
      backend: 'memory',
      keys: new MemoryKeysStore(storeOptions),
      records,
      reviews: records?.reviews,
      close: async () => undefined,
    };
  }
  throw new Error('storage needs a postgresUrl, a sqlitePath, or ephemeral: true');
}

export async function openStorage(options: StorageOptions): Promise<Storage> {
  const store = await openKeysStore(options);
  let notifier: Notifier;
  try {
    notifier = await openNotifier(options);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    backend: store.backend,
    keys: store.keys,
    records: store.records,
    reviews: store.reviews,
    notifier,
    close: () =>
      (closing ??= (async () => {
        try {
          await notifier.close();
        } finally {
          await store.close();
        }
      })()),
  };
}

/**
 * Replicas hear each other on Redis when there is one, else on Postgres (LISTEN/NOTIFY); a
 * single process (SQLite, or in memory) only needs to hear itself.
 */
async function openNotifier(options: StorageOptions): Promise<Notifier> {
  if (options.redisUrl !== undefined && options.redisUrl !== '') {
    const { RedisNotifier } = await import('./redis/redis-notifier.js');
    return RedisNotifier.connect({ url: options.redisUrl, channelPrefix: options.redisChannelPrefix });
  }
  if (options.postgresUrl !== undefined && options.postgresUrl !== '') {
    const { PostgresNotifier } = await import('./postgres/postgres-notifier.js');
    return PostgresNotifier.connect({ url: options.postgresUrl, channelPrefix: options.redisChannelPrefix });
  }
  return new MemoryNotifier();
}

function recordsPathFor(sqlitePath: string, records: StorageOptions['records']): string {
  if (records !== undefined && records !== false && records.sqlitePath !== undefined)
    return records.sqlitePath;
  return path.join(path.dirname(sqlitePath), 'records.db');
}
