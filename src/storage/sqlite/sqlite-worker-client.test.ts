import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteWorkerClient } from './sqlite-worker-client.js';
import { SqliteWorkerError } from './sqlite-worker-protocol.js';

describe('SqliteWorkerClient', () => {
  let directory: string;
  let client: SqliteWorkerClient;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'switchyard-worker-'));
    client = await SqliteWorkerClient.open({
      path: join(directory, 'nested', 'worker.db'),
      busyTimeoutMs: 321,
    });
    await client.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE) STRICT');
  });

  afterEach(async () => {
    await client.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('opens the file with the house pragmas and the migrations applied', async () => {
    expect(await client.all('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await client.all('PRAGMA busy_timeout')).toEqual([{ timeout: 321 }]);
    expect(await client.all('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    const tables = await client.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE name IN ('keys', 'request_records') ORDER BY name",
    );
    expect(tables.map((row) => row.name)).toEqual(['keys', 'request_records']);
  });

  it('runs statements with parameters (BigInt included) and returns rows and changes', async () => {
    expect(await client.run('INSERT INTO notes (id, body) VALUES (?, ?)', [1n, 'one'])).toBe(1);
    expect(await client.run('INSERT INTO notes (id, body) VALUES (?, ?)', [2, 'two'])).toBe(1);
    expect(await client.all('SELECT id, body FROM notes WHERE id >= ? ORDER BY id', [1])).toEqual([
      { id: 1, body: 'one' },
      { id: 2, body: 'two' },
    ]);
    expect(await client.run('DELETE FROM notes')).toBe(2);
    expect(await client.all('DELETE FROM notes')).toEqual([]);
  });

  it('runs a transaction all or nothing, with steps gated on an earlier step', async () => {
    const insert = 'INSERT INTO notes (body) VALUES (?) ON CONFLICT (body) DO NOTHING';
    expect(
      await client.transaction([
        { sql: insert, params: ['a'] },
        { sql: insert, params: ['a'] },
        { sql: insert, params: ['gated-off'], onlyIfChanged: 1 },
        { sql: insert, params: ['gated-on'], onlyIfChanged: 0 },
      ]),
    ).toEqual([1, 0, 0, 1]);
    await expect(
      client.transaction([
        { sql: insert, params: ['b'] },
        { sql: 'INSERT INTO notes (body) VALUES (?)', params: ['a'] },
      ]),
    ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    const bodies = await client.all<{ body: string }>('SELECT body FROM notes ORDER BY body');
    expect(bodies.map((row) => row.body)).toEqual(['a', 'gated-on']);
  });

  it('keeps the SQLite error code across the thread boundary', async () => {
    const error: unknown = await client.all('SELECT * FROM nowhere').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SqliteWorkerError);
    expect(error).toMatchObject({ code: 'SQLITE_ERROR', message: expect.stringMatching(/no such table/) });
  });

  it('answers concurrent calls each with its own result', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => client.all<{ value: number }>('SELECT ? AS value', [index])),
    );
    expect(results.map((rows) => rows[0]?.value)).toEqual(Array.from({ length: 20 }, (_, index) => index));
  });

  it('does not block the event loop while a long statement runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      await client.all(
        'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT count(*) AS c FROM n',
      );
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(2);
  });

  it('stops cleanly on close and refuses calls afterwards', async () => {
    await client.close();
    await client.close();
    await expect(client.all('SELECT 1')).rejects.toThrow(/closed/);
  });

  it('fails the calls in flight, and every later one, when the thread dies', async () => {
    const long = client.all(
      'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000000) SELECT count(*) FROM n',
    );
    await (client as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(long).rejects.toThrow(/stopped/);
    await expect(client.run('SELECT 1')).rejects.toThrow(/stopped/);
  });

  it('fails to open when the path is a folder, with the worker gone', async () => {
    await expect(SqliteWorkerClient.open({ path: directory })).rejects.toMatchObject({
      code: expect.stringMatching(/^SQLITE_CANTOPEN/),
    });
  });
});
