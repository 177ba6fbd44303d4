import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { keysStoreCase } from '../keys-store.case.js';
import { describeWithPostgres } from '../testing/services.js';
import { openPostgresPool } from './open-postgres-pool.js';
import { PostgresKeysStore } from './postgres-keys-store.js';

describeWithPostgres('PostgresKeysStore', (postgres) => {
  let pool: pg.Pool;

  beforeAll(async () => {
    pool = await openPostgresPool(postgres.url);
  });

  afterAll(async () => {
    await pool.end();
  });

  keysStoreCase('postgres', async (options) => {
    await pool.query('TRUNCATE keys');
    return { store: new PostgresKeysStore(pool, options) };
  });
});
