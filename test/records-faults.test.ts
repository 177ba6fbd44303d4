// No record lost: the request log under a full SQLite disk, a Postgres that goes away mid-load and
// comes back, and a shutdown with records still queued. Each case counts the records stored
// against the requests made. Postgres runs only where the test server is reachable (loudly skipped
// elsewhere, required in CI).

import path from 'node:path';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordStore } from '../src/storage/record-store.js';
import { openSqliteRecordStore, type SqliteRecordStore } from '../src/storage/sqlite/sqlite-record-store.js';
import { describeWithPostgres } from '../src/storage/testing/services.js';
import { completion } from './fixtures/openai-wire.js';
import { MockUpstream } from './support/mock-upstream.js';
import { TcpCutProxy } from './support/tcp-cut-proxy.js';
import { mockProvidersYaml, startTestGateway, type TestGateway } from './support/test-gateway.js';

const fastRecords = `
records:
  flushIntervalMs: 20
  batchSize: 50
`;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(extra = ''): Promise<{ gateway: TestGateway; client: OpenAI }> {
  const openaiMock = await new MockUpstream().start();
  const anthropicMock = await new MockUpstream().start();
  openaiMock.always({ kind: 'json', body: completion() });
  const gateway = await startTestGateway(mockProvidersYaml(openaiMock.url, anthropicMock.url, '') + extra);
  cleanups.push(async () => {
    await gateway.close();
    await openaiMock.stop();
    await anthropicMock.stop();
  });
  return {
    gateway,
    client: new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 }),
  };
}

/** `count` requests, `concurrency` at a time; returns their request ids. */
async function load(client: OpenAI, count: number, concurrency = 8): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const { response } = await client.chat.completions
          .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
          .withResponse();
        ids.push(response.headers.get('x-request-id') as string);
      }
    }),
  );
  return ids;
}

async function storedCount(store: RecordStore): Promise<number> {
  const rows = await store.usage({ organizationId: 'default', groupBy: 'model' });
  return rows.reduce((sum, row) => sum + row.requests, 0);
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function metricsOf(gateway: TestGateway): Promise<string> {
  return (await fetch(`${gateway.url}/metrics`)).text();
}

describe('SQLite: the disk fills up mid-load, then has room again', () => {
  it('spills while full, shows it in /metrics, replays after, and loses nothing', async () => {
    const { gateway, client } = await start(fastRecords);
    const store = gateway.gateway.recordStore as SqliteRecordStore;
    const before = await load(client, 60);
    await waitUntil(async () => (await storedCount(store)) === 60);

    await store.setMaxPageCount(1); // full: held at its current size, as a full disk would
    const during = await load(client, 240);
    await gateway.gateway.records.settled();
    await waitUntil(async () => /switchyard_records_spilled_total [1-9]/.test(await metricsOf(gateway)));
    const metrics = await metricsOf(gateway);
    expect(metrics).toMatch(/switchyard_record_batches_failed_total [1-9]/);
    expect(metrics).toMatch(/switchyard_record_writer_healthy 0/);

    await store.setMaxPageCount(2 ** 32 - 2); // room again
    await waitUntil(async () => (await storedCount(store)) === 300);
    const all = new Set([...before, ...during]);
    expect(all.size).toBe(300);
    for (const id of all) expect(await store.get(id, 'default'), id).toBeDefined();
    await waitUntil(async () => /switchyard_record_spill_files 0/.test(await metricsOf(gateway)));
  });
});

describe('shutdown with records still queued', () => {
  it('stores every one of them before close() resolves', async () => {
    const { gateway, client } = await start(`
records:
  flushIntervalMs: 60000
  batchSize: 10000
`);
    const ids = await load(client, 150);
    // What SIGTERM runs: drain, record what finished, flush the queue to the database.
    await gateway.stop();
    const store = await openSqliteRecordStore(path.join(gateway.dataDir, 'records.db'));
    try {
      expect(await storedCount(store)).toBe(150);
      for (const id of ids) expect(await store.get(id, 'default'), id).toBeDefined();
    } finally {
      await store.close();
    }
  });
});

describeWithPostgres('Postgres: the database goes away mid-load and comes back', (postgres) => {
  it('spills while it is unreachable, replays when it is back, and loses nothing', async () => {
    const target = new URL(postgres.url);
    const proxy = await TcpCutProxy.start(target.hostname, Number(target.port || 5432));
    cleanups.push(() => proxy.close());
    const through = new URL(postgres.url);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    const { gateway, client } = await start(`${fastRecords}
storage:
  postgresUrl: "${through.toString()}"
`);
    const store = gateway.gateway.recordStore as RecordStore;
    const before = await load(client, 60);
    await waitUntil(async () => (await storedCount(store)) === 60);

    proxy.cut(); // every connection dropped, new ones refused: the server is gone
    const during = await load(client, 240);
    await gateway.gateway.records.settled();
    await waitUntil(async () => /switchyard_records_spilled_total [1-9]/.test(await metricsOf(gateway)));

    proxy.restore();
    await waitUntil(async () => (await storedCount(store).catch(() => -1)) === 300, 30_000);
    expect(new Set([...before, ...during]).size).toBe(300);
  });
});
