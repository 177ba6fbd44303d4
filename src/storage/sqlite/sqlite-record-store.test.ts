import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordStoreCase } from '../record-store.case.js';
import { reviewStoreCase } from '../review-store.case.js';
import type { RecordFilter } from '../record-store.js';
import { fixtureEpoch, fullRecord } from '../testing/record-fixtures.js';
import { openSqliteRecordStore, SqliteRecordStore } from './sqlite-record-store.js';
import { SqliteWorkerClient } from './sqlite-worker-client.js';

const tables = [
  'request_bodies_search',
  'request_bodies',
  'request_attempts',
  'request_records',
  'record_purges',
];

describe('SqliteRecordStore', () => {
  let directory: string;
  let client: SqliteWorkerClient;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'switchyard-records-'));
    // One worker for the whole suite (starting one compiles TypeScript in the thread); each test
    // gets a fresh store over emptied tables.
    client = await SqliteWorkerClient.open({ path: join(directory, 'records.db') });
  });

  afterAll(async () => {
    await client.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const empty = () =>
    client.transaction(['reviews', ...tables].map((table) => ({ sql: `DELETE FROM ${table}`, params: [] })));

  recordStoreCase('sqlite (worker thread)', async (options) => {
    await empty();
    return { store: new SqliteRecordStore(client, options) };
  });

  reviewStoreCase('sqlite (worker thread)', async (options) => {
    await empty();
    const records = new SqliteRecordStore(client, options);
    return { records, reviews: records.reviews };
  });
});

describe('SqliteRecordStore on its own file', () => {
  let directory: string;
  let path: string;
  let store: SqliteRecordStore;

  const batch = (prefix: string, size: number) =>
    Array.from({ length: size }, (_, index) =>
      fullRecord(`${prefix}-${index}`, { receivedAt: fixtureEpoch + index, prompt: 'x'.repeat(2000) }),
    );

  function countRows(): Record<string, number> {
    const database = new Database(path, { readonly: true });
    try {
      return Object.fromEntries(
        tables.map((table) => [
          table,
          (database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
        ]),
      );
    } finally {
      database.close();
    }
  }

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'switchyard-records-file-'));
    path = join(directory, 'data', 'records.db');
    store = await openSqliteRecordStore(path);
  });

  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('fails a batch with SQLITE_FULL when the disk is full, keeps nothing of it, and recovers', async () => {
    await store.insert(batch('before', 10));
    expect(await store.setMaxPageCount(0)).toBeGreaterThan(0);
    await expect(store.insert(batch('during', 200))).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    const during = await store.query({ organizationId: 'acme', limit: 1000 });
    expect(during.records.map((record) => record.id).filter((id) => id.startsWith('during'))).toEqual([]);
    expect(during.records).toHaveLength(10);

    expect(await store.setMaxPageCount(2 ** 32 - 2)).toBe(2 ** 32 - 2);
    await store.insert(batch('during', 200));
    expect((await store.query({ organizationId: 'acme', limit: 1000 })).records).toHaveLength(210);
  });

  it('refuses a negative or fractional page cap', async () => {
    await expect(store.setMaxPageCount(-1)).rejects.toThrow(RangeError);
    await expect(store.setMaxPageCount(1.5)).rejects.toThrow(RangeError);
  });

  it('indexes only searchable bodies, and a purge removes attempts, bodies and search rows', async () => {
    await store.insert([
      fullRecord('full', { receivedAt: fixtureEpoch }),
      fullRecord('metadata', { receivedAt: fixtureEpoch + 1, bodyPolicy: 'metadata' }),
      fullRecord('kept', { receivedAt: fixtureEpoch + 9000 }),
    ]);
    expect(countRows()).toEqual({
      request_bodies_search: 2,
      request_bodies: 3,
      request_attempts: 6,
      request_records: 3,
      record_purges: 0,
    });
    expect(await store.purge({ before: fixtureEpoch + 5000 })).toBe(2);
    expect(countRows()).toEqual({
      request_bodies_search: 1,
      request_bodies: 1,
      request_attempts: 2,
      request_records: 1,
      record_purges: 1,
    });
  });

  it('purges in chunks, all of what the rule covers', async () => {
    await store.close();
    store = await openSqliteRecordStore(path, { purgeChunkSize: 7 });
    await store.insert(batch('old', 30));
    expect(await store.purge({ before: fixtureEpoch + 25 })).toBe(25);
    expect((await store.query({ organizationId: 'acme' })).records).toHaveLength(5);
    expect((await store.purges())[0]?.deleted).toBe(25);
  });

  it('answers a text search alike from the matches, or scanning against their ids or their rowids', async () => {
    await store.insert([
      ...Array.from({ length: 30 }, (_, index) =>
        fullRecord(`text-${String(index).padStart(2, '0')}`, {
          receivedAt: fixtureEpoch + Math.floor(index / 4),
          teamId: index % 3 === 0 ? 't0' : 't1',
          prompt: `alpha ${index % 2 === 0 ? 'beta' : 'gamma'} ${index % 5 === 0 ? 'delta' : ''}`,
        }),
      ),
      fullRecord('elsewhere', { organizationId: 'globex', prompt: 'alpha beta delta' }),
      fullRecord('summary', { bodyPolicy: 'metadata', prompt: 'alpha beta delta' }),
    ]);
    const scanning = await openSqliteRecordStore(path, { searchFirstBelow: 0 });
    const byRowid = await openSqliteRecordStore(path, { searchFirstBelow: 0, rowidSetAbove: 0 });
    const walk = async (target: SqliteRecordStore, filter: Omit<RecordFilter, 'organizationId'>) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await target.query({ organizationId: 'acme', limit: 4, ...filter, cursor });
        ids.push(...page.records.map((record) => record.id));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return ids;
    };
    try {
      for (const filter of [{ text: 'alpha' }, { text: 'beta delta' }, { text: 'gamma', teamId: 't0' }]) {
        const fromMatches = await walk(store, filter);
        expect(fromMatches.length, JSON.stringify(filter)).toBeGreaterThan(1);
        expect(await walk(scanning, filter), JSON.stringify(filter)).toEqual(fromMatches);
        expect(await walk(byRowid, filter), JSON.stringify(filter)).toEqual(fromMatches);
      }
      expect(await walk(byRowid, { text: 'beta delta' })).toEqual(['text-20', 'text-10', 'text-00']);
      expect(await walk(store, { text: 'beta delta' })).toEqual(['text-20', 'text-10', 'text-00']);
    } finally {
      await scanning.close();
      await byRowid.close();
    }
  });

  it('keeps its data across a close and a reopen, and refuses calls once closed', async () => {
    await store.insert(batch('durable', 3));
    await store.close();
    await expect(store.query({ organizationId: 'acme' })).rejects.toThrow(/closed/);
    store = await openSqliteRecordStore(path);
    expect((await store.query({ organizationId: 'acme' })).records).toHaveLength(3);
  });
});
