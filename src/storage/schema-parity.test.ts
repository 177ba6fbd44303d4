// Applies both dialects' migrations and checks the schemas match: same tables, same columns in the
// same order with compatible types, nullability and defaults, same primary keys, same indexes by name.

import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migratePostgres } from './postgres/migrate-postgres.js';
import { migrateSqlite } from './sqlite/migrate-sqlite.js';
import { describeWithPostgres } from './testing/services.js';

interface ColumnShape {
  name: string;
  /** The SQLite storage type; Postgres types are mapped to it through sqliteTypeFor. */
  type: string;
  nullable: boolean;
  hasDefault: boolean;
}

interface TableShape {
  columns: ColumnShape[];
  primaryKey: string[];
  /** Secondary indexes by name (primary-key indexes are compared through primaryKey). */
  indexes: Record<string, { columns: string[]; unique: boolean }>;
}

type SchemaShape = Record<string, TableShape>;

/** Which SQLite storage type stands for each Postgres type. A new Postgres type must be added here on purpose. */
const sqliteTypeFor: Record<string, string> = {
  integer: 'INTEGER',
  bigint: 'INTEGER',
  smallint: 'INTEGER',
  boolean: 'INTEGER',
  'double precision': 'REAL',
  text: 'TEXT',
  uuid: 'TEXT',
  'timestamp with time zone': 'TEXT',
  jsonb: 'TEXT',
  json: 'TEXT',
  bytea: 'BLOB',
};

/**
 * Text search is built differently in each dialect on purpose, so it is left out of the
 * comparison by name: SQLite has an FTS5 virtual table over the bodies (it shows up as a table,
 * plus the shadow tables FTS5 keeps its index in), Postgres a GIN index on an expression over
 * request_bodies. Everything else of the request log must match like any other table.
 */
const sqliteTextSearchTable = 'request_bodies_search';
const postgresTextSearchIndex = 'request_bodies_search_idx';

function isSqliteTextSearchTable(name: string): boolean {
  return name === sqliteTextSearchTable || name.startsWith(`${sqliteTextSearchTable}_`);
}

function sqliteSchema(database: Database.Database): SchemaShape {
  const tables = database
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const schema: SchemaShape = {};
  for (const table of tables.filter((name) => !isSqliteTextSearchTable(name))) {
    const columns = database.pragma(`table_info(${table})`) as Array<{
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }>;
    const indexes: TableShape['indexes'] = {};
    const indexList = database.pragma(`index_list(${table})`) as Array<{
      name: string;
      unique: number;
      origin: string;
    }>;
    for (const index of indexList.filter((entry) => entry.origin !== 'pk')) {
      const indexColumns = database.pragma(`index_info(${index.name})`) as Array<{
        seqno: number;
        name: string;
      }>;
      indexes[index.name] = {
        columns: indexColumns.sort((left, right) => left.seqno - right.seqno).map((column) => column.name),
        unique: index.unique === 1,
      };
    }
    schema[table] = {
      columns: columns.map((column) => ({
        name: column.name,
        type: column.type.toUpperCase(),
        nullable: column.notnull === 0 && column.pk === 0,
        hasDefault: column.dflt_value !== null,
      })),
      primaryKey: columns
        .filter((column) => column.pk > 0)
        .sort((left, right) => left.pk - right.pk)
        .map((column) => column.name),
      indexes,
    };
  }
  return schema;
}

async function postgresSchema(client: pg.Pool): Promise<SchemaShape> {
  const { rows: columns } = await client.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
  }>(
    'SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns ' +
      'WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position',
  );
  const { rows: indexes } = await client.query<{
    table: string;
    name: string;
    unique: boolean;
    primary: boolean;
    columns: string[];
  }>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
       array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, position)
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.position) AS columns
     FROM pg_index ix
     JOIN pg_class i ON i.oid = ix.indexrelid
     JOIN pg_class t ON t.oid = ix.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema()
     ORDER BY t.relname, i.relname`,
  );
  const schema: SchemaShape = {};
  for (const column of columns) {
    const table = (schema[column.table_name] ??= { columns: [], primaryKey: [], indexes: {} });
    table.columns.push({
      name: column.column_name,
      type: sqliteTypeFor[column.data_type] ?? `unmapped Postgres type ${column.data_type}`,
      nullable: column.is_nullable === 'YES',
      hasDefault: column.column_default !== null,
    });
  }
  for (const index of indexes.filter((entry) => entry.name !== postgresTextSearchIndex)) {
    const table = schema[index.table];
    if (table === undefined) continue;
    if (index.primary) table.primaryKey = index.columns;
    else table.indexes[index.name] = { columns: index.columns, unique: index.unique };
  }
  return schema;
}

describeWithPostgres('schema parity between SQLite and Postgres migrations', (postgres) => {
  let pool: pg.Pool;
  let sqlite: Database.Database;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: postgres.url, max: 1 });
    await migratePostgres(pool);
    sqlite = new Database(':memory:');
    migrateSqlite(sqlite);
  });

  afterAll(async () => {
    sqlite.close();
    await pool.end();
  });

  it('has the same tables, columns, types, keys and indexes in both dialects', async () => {
    const fromSqlite = sqliteSchema(sqlite);
    const fromPostgres = await postgresSchema(pool);
    expect(Object.keys(fromSqlite)).toContain('keys');
    expect(Object.keys(fromSqlite)).toContain('schema_migrations');
    expect(Object.keys(fromSqlite)).toContain('request_records');
    expect(fromPostgres).toEqual(fromSqlite);
  });

  it('notices a difference (the comparison is not vacuous)', async () => {
    const fromSqlite = sqliteSchema(sqlite);
    const keys = fromSqlite.keys!;
    expect(keys.indexes.keys_prefix_idx).toEqual({ columns: ['prefix'], unique: false });
    expect(keys.indexes.keys_hash_idx).toEqual({ columns: ['hash'], unique: true });
    expect(keys.primaryKey).toEqual(['id']);
    const altered = new Database(':memory:');
    try {
      migrateSqlite(altered);
      altered.exec('DROP INDEX keys_prefix_idx; CREATE INDEX keys_prefix_index ON keys (prefix);');
      expect(sqliteSchema(altered)).not.toEqual(await postgresSchema(pool));
    } finally {
      altered.close();
    }
  });

  it('leaves out only the text search objects, and each dialect has its own', async () => {
    const virtual = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'request_bodies_search%'")
      .pluck()
      .all();
    expect(virtual).toContain(sqliteTextSearchTable);
    expect(virtual.length).toBeGreaterThan(1);
    const { rows } = await pool.query<{ indexdef: string }>(
      'SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1',
      [postgresTextSearchIndex],
    );
    expect(rows[0]?.indexdef).toMatch(/USING gin \(to_tsvector/);
    const fromSqlite = sqliteSchema(sqlite);
    expect(Object.keys(fromSqlite).filter(isSqliteTextSearchTable)).toEqual([]);
    expect(fromSqlite.request_bodies?.indexes).toEqual({});
    expect((await postgresSchema(pool)).request_bodies?.indexes).toEqual({});
  });
});
