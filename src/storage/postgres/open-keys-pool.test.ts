import { expect, it } from 'vitest';
import { describeWithPostgres } from '../testing/services.js';
import { openKeysPool } from './open-keys-pool.js';

describeWithPostgres('openKeysPool', (postgres) => {
  it('gives up on a query that outlives the lookup timeout, and still answers the next one', async () => {
    const pool = openKeysPool(postgres.url, { timeoutMs: 200 });
    try {
      const started = Date.now();
      await expect(pool.query('SELECT pg_sleep(2)')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1500);
      const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });

  it('keeps to its own few connections', async () => {
    const pool = openKeysPool(postgres.url, { maxConnections: 2, timeoutMs: 300 });
    try {
      const held = await Promise.all([pool.connect(), pool.connect()]);
      await expect(pool.connect()).rejects.toThrow(/timeout/);
      for (const client of held) client.release();
    } finally {
      await pool.end();
    }
  });
});
