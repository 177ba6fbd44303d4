import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordStoreCase } from '../record-store.case.js';
import { reviewStoreCase } from '../review-store.case.js';
import { attemptRecord, fixtureEpoch, fullRecord } from '../testing/record-fixtures.js';
import { describeWithPostgres } from '../testing/services.js';
import { openPostgresPool } from './open-postgres-pool.js';
import { PostgresRecordStore, postgresRecordDialect, postgresSearchVector } from './postgres-record-store.js';

describeWithPostgres('PostgresRecordStore', (postgres) => {
  let pool: pg.Pool;

  beforeAll(async () => {
    pool = await openPostgresPool(postgres.url);
  });

  afterAll(async () => {
    await pool.end();
  });

  const empty = () =>
    pool.query(
      'TRUNCATE held_answers, reviews, request_records, request_attempts, request_bodies, record_purges',
    );

  recordStoreCase('postgres', async (options) => {
    await empty();
    return { store: new PostgresRecordStore(pool, options) };
  });

  reviewStoreCase('postgres', async (options) => {
    await empty();
    const records = new PostgresRecordStore(pool, options);
    return { records, reviews: records.reviews };
  });

  describe('postgres specifics', () => {
    let store: PostgresRecordStore;

    beforeEach(async () => {
      await empty();
      store = new PostgresRecordStore(pool);
    });

    it('rolls the whole batch back when a statement fails after the records went in', async () => {
      await pool.query(`
        CREATE FUNCTION refuse_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.provider = 'refused' THEN RAISE EXCEPTION 'attempt refused'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER refuse_attempt BEFORE INSERT ON request_attempts FOR EACH ROW EXECUTE FUNCTION refuse_attempt();`);
      try {
        const batch = [
          fullRecord('fine-1'),
          fullRecord('fine-2', { receivedAt: fixtureEpoch + 1 }),
          fullRecord('doomed', { attempts: [attemptRecord(0, { provider: 'refused' })] }),
        ];
        await expect(store.insert(batch)).rejects.toThrow(/attempt refused/);
        const { rows } = await pool.query('SELECT count(*)::int AS n FROM request_records');
        expect(rows).toEqual([{ n: 0 }]);
      } finally {
        await pool.query('DROP TRIGGER refuse_attempt ON request_attempts; DROP FUNCTION refuse_attempt()');
      }
    });

    it('stores a batch larger than one statement can carry, in multi-row statements', async () => {
      const batch = Array.from({ length: 1700 }, (_, index) =>
        fullRecord(`bulk-${index}`, { receivedAt: fixtureEpoch + index }),
      );
      await store.insert(batch);
      const { rows } = await pool.query(
        'SELECT (SELECT count(*)::int FROM request_records) AS records, (SELECT count(*)::int FROM request_attempts) AS attempts',
      );
      expect(rows).toEqual([{ records: 1700, attempts: 3400 }]);
      expect(await store.get('bulk-1699', 'acme')).toEqual(batch[1699]);
    });

    it('replaces U+0000, which Postgres text cannot hold, instead of failing the batch', async () => {
      await store.insert([fullRecord('nul', { model: 'gpt\u0000x', errorMessage: 'bad\u0000byte' })]);
      const stored = await store.get('nul', 'acme');
      expect(stored?.model).toBe('gpt\uFFFDx');
      expect(stored?.errorMessage).toBe('bad\uFFFDbyte');
      const page = await store.query({ organizationId: 'acme', model: 'gpt\u0000x' });
      expect(page.records.map((record) => record.id)).toEqual(['nul']);
    });

    it('matches words with an expression the GIN index serves (the index expression, exactly)', async () => {
      const client = await pool.connect();
      try {
        await client.query('SET enable_seqscan = off');
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT request_id FROM request_bodies WHERE ${postgresSearchVector} @@ plainto_tsquery('simple', $1)`,
          ['hello'],
        );
        expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('request_bodies_search_idx');
      } finally {
        await client.query('RESET enable_seqscan');
        client.release();
      }
      expect(postgresRecordDialect.textMatch('$9')).toContain(postgresSearchVector);
    });
  });
});
