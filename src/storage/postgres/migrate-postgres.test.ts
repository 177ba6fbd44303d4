import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Migration } from '../migration.js';
import { manualClock } from '../testing/determinism.js';
import { describeWithPostgres } from '../testing/services.js';
import { migratePostgres } from './migrate-postgres.js';
import { postgresMigrations } from './migrations.js';

/** What the released migrations create, with the runner's own table. */
const migratedTables = [
  'held_answers',
  'keys',
  'record_purges',
  'request_attempts',
  'request_bodies',
  'request_records',
  'reviews',
  'schema_migrations',
];

describeWithPostgres('migratePostgres', (postgres) => {
  let pools: pg.Pool[] = [];

  function connect(): pg.Pool {
    const pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
    pools.push(pool);
    return pool;
  }

  async function tables(pool: pg.Pool): Promise<string[]> {
    const { rows } = await pool.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name',
    );
    return rows.map((row) => row.table_name);
  }

  beforeEach(async () => {
    const pool = connect();
    await pool.query(
      'DROP TABLE IF EXISTS keys, schema_migrations, notes, good, bad, ' +
        'request_records, request_attempts, request_bodies, record_purges, reviews, held_answers CASCADE',
    );
  });

  afterEach(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    pools = [];
  });

  it('applies every migration once and records it with its checksum and time', async () => {
    const pool = connect();
    const time = manualClock(new Date('2025-06-01T12:00:00.000Z'));
    expect(await migratePostgres(pool, postgresMigrations, time.clock)).toEqual(
      postgresMigrations.map((m) => m.version),
    );
    const { rows } = await pool.query('SELECT version, name, checksum, applied_at FROM schema_migrations');
    expect(rows).toEqual(
      postgresMigrations.map((migration) => ({
        version: migration.version,
        name: migration.name,
        checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
        applied_at: new Date('2025-06-01T12:00:00.000Z'),
      })),
    );
    expect(await tables(pool)).toEqual(migratedTables);
  });

  it('is idempotent: running again changes nothing', async () => {
    const pool = connect();
    await migratePostgres(pool);
    expect(await migratePostgres(pool)).toEqual([]);
    const { rows } = await pool.query('SELECT count(*)::int AS count FROM schema_migrations');
    expect(rows).toEqual([{ count: postgresMigrations.length }]);
  });

  it('is safe when several processes start at once: exactly one applies each migration', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => migratePostgres(connect())));
    const applied = results.flat();
    expect(applied.sort()).toEqual(postgresMigrations.map((m) => m.version));
    expect(results.filter((versions) => versions.length > 0)).toHaveLength(1);
    expect(await tables(connect())).toEqual(migratedTables);
  });

  it('rolls the whole batch back when one migration fails', async () => {
    const pool = connect();
    const broken: Migration[] = [
      { version: 1, name: 'good', sql: 'CREATE TABLE good (x integer);' },
      { version: 2, name: 'bad', sql: 'CREATE TABLE bad (x integer); INSERT INTO nowhere VALUES (1);' },
    ];
    await expect(migratePostgres(pool, broken)).rejects.toThrow(/nowhere/);
    expect(await tables(pool)).toEqual([]);
  });

  it('refuses to start on a schema whose released migration was edited', async () => {
    const pool = connect();
    await migratePostgres(pool);
    const edited = postgresMigrations.map((migration) => ({
      ...migration,
      sql: `${migration.sql}\n-- edited`,
    }));
    await expect(migratePostgres(pool, edited)).rejects.toThrow(/edited after it was applied/);
  });

  it('applies only what is new when a later migration is added', async () => {
    const pool = connect();
    await migratePostgres(pool);
    const next: Migration = { version: 99, name: 'add_notes', sql: 'CREATE TABLE notes (body text);' };
    expect(await migratePostgres(pool, [...postgresMigrations, next])).toEqual([99]);
    expect(await tables(pool)).toEqual([...migratedTables, 'notes'].sort());
  });
});
