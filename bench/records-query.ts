// `npx tsx bench/records-query.ts`: fills an SQLite record database with 1,000,000 synthetic
// request records, then times filtered pages through SqliteRecordStore (its worker thread) and the
// store's sustained insert rate on SQLite, and on Postgres when one answers on 127.0.0.1. Prints a
// markdown table and writes it to bench/results/records-query.md. A benchmark, not a test.

import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { format } from 'prettier';
import { normalizeRecordFilter } from '../src/storage/record-filter.js';
import { recordPageStatement } from '../src/storage/record-sql.js';
import type { RecordFilter, RecordStore } from '../src/storage/record-store.js';
import { openPostgresPool } from '../src/storage/postgres/open-postgres-pool.js';
import { PostgresRecordStore } from '../src/storage/postgres/postgres-record-store.js';
import { openSqliteDatabase } from '../src/storage/sqlite/open-sqlite-database.js';
import { openSqliteRecordStore, sqliteRecordDialect } from '../src/storage/sqlite/sqlite-record-store.js';
import { benchEnd, bulkFill, sessionOf, syntheticRecords, traceOf, vocabulary } from './records-data.js';

const totalRows = Number(process.env.RECORDS_BENCH_ROWS ?? 1_000_000);
const runs = 15;
const insertRecords = 20_000;
const insertBatch = 500;
const targetMs = 50;
const resultsFile = new URL('./results/records-query.md', import.meta.url);
const day = 86_400_000;
const startedAt = performance.now();

function progress(message: string): void {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[records bench ${seconds}s] ${message}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface QueryCase {
  name: string;
  filter: RecordFilter;
}

/** Every case reads the largest organisation (half of all rows), the worst case for a page. */
const queryCases: QueryCase[] = [
  {
    name: 'time range only (one day)',
    filter: { organizationId: 'acme', from: benchEnd - 8 * day, to: benchEnd - 7 * day },
  },
  {
    name: 'key + range (14 days)',
    filter: { organizationId: 'acme', keyId: 'acme-key-7', from: benchEnd - 14 * day, to: benchEnd },
  },
  {
    name: 'rare key + range (14 days)',
    filter: { organizationId: 'acme', keyId: 'acme-key-rare', from: benchEnd - 14 * day, to: benchEnd },
  },
  { name: 'one trace', filter: { organizationId: 'acme', traceId: traceOf(totalRows / 2) } },
  { name: 'one session', filter: { organizationId: 'acme', sessionId: sessionOf(totalRows / 3) } },
  {
    name: 'team + status class 5xx',
    filter: { organizationId: 'acme', teamId: 'acme-team-3', status: '5xx' },
  },
  { name: 'status class 5xx only', filter: { organizationId: 'acme', status: '5xx' } },
  {
    name: 'model + cost range',
    filter: { organizationId: 'acme', model: 'claude-sonnet-4', minCostUsd: 0.01, maxCostUsd: 0.05 },
  },
  {
    name: 'route + outcome error',
    filter: { organizationId: 'acme', route: 'support-bot', outcome: 'error' },
  },
  { name: 'text search, word in most bodies', filter: { organizationId: 'acme', text: vocabulary[0]! } },
  { name: 'text search, common word', filter: { organizationId: 'acme', text: vocabulary[40]! } },
  { name: 'text search, uncommon word', filter: { organizationId: 'acme', text: vocabulary[300]! } },
  { name: 'text search, rare word', filter: { organizationId: 'acme', text: vocabulary[2900]! } },
  {
    name: 'text search, two words + range',
    filter: {
      organizationId: 'acme',
      text: `${vocabulary[5]!} ${vocabulary[300]!}`,
      from: benchEnd - 20 * day,
    },
  },
];

interface QueryResult {
  name: string;
  firstMs: number;
  nextMs: number | null;
  firstRows: number;
}

async function timeQuery(store: RecordStore, query: QueryCase): Promise<QueryResult> {
  const first = await store.query(query.filter);
  const firstTimes: number[] = [];
  const nextTimes: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    let began = performance.now();
    await store.query(query.filter);
    firstTimes.push(performance.now() - began);
    if (first.nextCursor === undefined) continue;
    began = performance.now();
    await store.query({ ...query.filter, cursor: first.nextCursor });
    nextTimes.push(performance.now() - began);
  }
  return {
    name: query.name,
    firstMs: median(firstTimes),
    nextMs: nextTimes.length === 0 ? null : median(nextTimes),
    firstRows: first.records.length,
  };
}

function printPlans(path: string): void {
  const database = new Database(path, { readonly: true });
  for (const query of queryCases) {
    const { sql, params } = recordPageStatement(normalizeRecordFilter(query.filter), sqliteRecordDialect);
    const plan = database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
    progress(`plan for ${query.name}: ${plan.map((row) => row.detail).join(' | ')}`);
  }
  database.close();
}

async function insertRate(store: RecordStore, firstIndex: number): Promise<number> {
  // Made before the clock starts: the rate is the store's, not the generator's.
  const batches = Array.from({ length: insertRecords / insertBatch }, (_, batch) =>
    syntheticRecords(firstIndex + batch * insertBatch, insertBatch, totalRows),
  );
  const began = performance.now();
  for (const batch of batches) await store.insert(batch);
  return insertRecords / ((performance.now() - began) / 1000);
}

/** The store's insert rate on a throwaway schema of the local Postgres, or why it was not measured. */
async function postgresInsertRate(): Promise<number | string> {
  const url = process.env.SWITCHYARD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `switchyard_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await admin.connect();
  } catch (error) {
    return `not measured: ${error instanceof Error ? error.message : String(error)}`;
  }
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    const pool = await openPostgresPool(scoped.toString());
    try {
      return await insertRate(new PostgresRecordStore(pool), 0);
    } finally {
      await pool.end();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

interface Fill {
  seconds: number;
  counts: Record<string, number>;
  bytes: number;
}

function renderReport(
  fill: Fill,
  results: QueryResult[],
  rates: { sqlite: number; postgres: number | string },
): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Request log query benchmark (SQLite)',
    '',
    `${new Date().toISOString()} · Node ${process.version} · ${availableParallelism()} cores (${cpu.trim()}) · ` +
      `load average ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
    '',
    `${fill.counts.records!.toLocaleString('en-US')} records (${fill.counts.attempts!.toLocaleString('en-US')} attempts, ` +
      `${fill.counts.bodies!.toLocaleString('en-US')} body rows, ${fill.counts.searchable!.toLocaleString('en-US')} searchable) ` +
      `over 30 days and 5 organisations; the one queried holds half. File ${(fill.bytes / 1e9).toFixed(2)} GB, ` +
      `${Number.isNaN(fill.seconds) ? 'reused from an earlier fill (RECORDS_BENCH_DB)' : `bulk-filled in ${fill.seconds.toFixed(0)} s`}. Median of ${runs} runs through SqliteRecordStore (worker thread), pages of 50.`,
    '',
    `| query (organisation acme) | first page (ms) | next page (ms) | rows on first page | under ${targetMs} ms |`,
    '| --- | --- | --- | --- | --- |',
    ...results.map((result) => {
      const next = result.nextMs === null ? 'no next page' : result.nextMs.toFixed(2);
      const worst = Math.max(result.firstMs, result.nextMs ?? 0);
      return `| ${result.name} | ${result.firstMs.toFixed(2)} | ${next} | ${result.firstRows} | ${worst < targetMs ? 'yes' : 'NO'} |`;
    }),
    '',
    'A text search counts its matches first (the count stops at 12,001). Up to 1,500 matches: the page ' +
      'starts from them (searchFirstBelow). Up to 12,000: the organisation is scanned newest first against ' +
      'the set of matching request ids. More (a word in nearly every stored body, 49,000 matches here): ' +
      "against the set of the matches' index rowids, which is read straight from the word lists (rowidSetAbove).",
    '',
    `Sustained insert rate through the store, batches of ${insertBatch}, ${insertRecords.toLocaleString('en-US')} records:`,
    '',
    `- SQLite (worker thread, into the filled file): ${Math.round(rates.sqlite).toLocaleString('en-US')} records/s`,
    typeof rates.postgres === 'number'
      ? `- Postgres (local, empty schema): ${Math.round(rates.postgres).toLocaleString('en-US')} records/s`
      : `- Postgres: ${rates.postgres}`,
  ];
  return lines.join('\n');
}

/**
 * RECORDS_BENCH_DB=<file> keeps the filled database there and reuses it on the next run (to try
 * index or query changes without a refill); the insert rate is then measured into a copy's worth
 * of extra rows, so reuse only for query timings.
 */
async function filledDatabase(): Promise<{ path: string; fill: Fill; cleanup: () => void }> {
  const kept = process.env.RECORDS_BENCH_DB;
  const directory = kept === undefined ? mkdtempSync(join(tmpdir(), 'switchyard-records-bench-')) : undefined;
  const path = kept ?? join(directory!, 'records.db');
  const cleanup = () =>
    directory === undefined ? undefined : rmSync(directory, { recursive: true, force: true });
  if (kept !== undefined && existsSync(kept)) {
    const database = new Database(kept, { readonly: true });
    const count = (table: string) =>
      (database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const counts = {
      records: count('request_records'),
      attempts: count('request_attempts'),
      bodies: count('request_bodies'),
      searchable: count('request_bodies_search'),
    };
    database.close();
    progress(`reusing ${kept} (${counts.records.toLocaleString('en-US')} records)`);
    return { path, fill: { seconds: Number.NaN, counts, bytes: statSync(path).size }, cleanup };
  }
  progress(`filling ${totalRows.toLocaleString('en-US')} records into ${path}`);
  const began = performance.now();
  const database = openSqliteDatabase(path);
  const counts = bulkFill(database, totalRows, (done) => progress(`  ${done.toLocaleString('en-US')} rows`));
  database.close();
  const fill = { seconds: (performance.now() - began) / 1000, counts, bytes: statSync(path).size };
  progress(`filled in ${fill.seconds.toFixed(0)} s`);
  return { path, fill, cleanup };
}

async function main(): Promise<void> {
  const { path, fill, cleanup } = await filledDatabase();
  try {
    if (process.env.RECORDS_BENCH_PLANS === '1') printPlans(path);
    const store = await openSqliteRecordStore(path);
    const results: QueryResult[] = [];
    try {
      for (const query of queryCases) {
        results.push(await timeQuery(store, query));
        progress(`${query.name}: ${results.at(-1)!.firstMs.toFixed(2)} ms`);
      }
      if (process.env.RECORDS_BENCH_QUERIES_ONLY === '1') return;
      progress('measuring the SQLite insert rate');
      const sqlite = await insertRate(store, fill.counts.records!);
      progress('measuring the Postgres insert rate');
      const postgres = await postgresInsertRate();
      const report = await format(renderReport(fill, results, { sqlite, postgres }), { parser: 'markdown' });
      process.stdout.write(`${report}\n`);
      writeFileSync(resultsFile, report);
    } finally {
      await store.close();
    }
  } finally {
    cleanup();
  }
}

await main();
