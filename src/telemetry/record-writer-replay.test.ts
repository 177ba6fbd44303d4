import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { deferred, FakeRecordStore, makeRecord, makeRecords, spillFileNames } from './record-writer-fakes.js';
import { recordWriterSuite } from '../../test/support/record-writer-suite.js';
import type { RequestRecord } from './request-record.js';
import { spillFileName } from './spill-files.js';

const suite = recordWriterSuite('switchyard-record-replay-');
const newWriter = suite.newWriter;
const waitLong = { timeout: 10_000, interval: 5 };

/** A spill file as a previous process would have left it. */
async function leaveSpillFile(
  records: readonly RequestRecord[],
  createdAt: number,
  instance: string,
): Promise<string> {
  const name = spillFileName(createdAt, 0, instance);
  await writeFile(
    path.join(suite.spillDir, name),
    records.map((record) => `${JSON.stringify(record)}\n`).join(''),
  );
  return name;
}

describe('RecordWriter replay', () => {
  it('keeps a partly replayed file that fails, and replays it whole later (repeats are skipped by id)', async () => {
    const records = makeRecords(100, 'left');
    const name = await leaveSpillFile(records, Date.now() - 1_000, 'previous');
    const store = new FakeRecordStore();
    store.failCalls.add(3);
    const writer = newWriter(store, { batchSize: 20, retryMinMs: 400 });
    await writer.start();
    await vi.waitFor(() => expect(writer.stats().failedBatches).toBe(1), waitLong);
    // Two batches stored, the third failed: the file stays for the next pass.
    expect(store.stored.size).toBe(40);
    expect(writer.stats().healthy).toBe(false);
    expect(await spillFileNames(suite.spillDir)).toEqual([name]);
    await vi.waitFor(() => expect(store.stored.size).toBe(100), waitLong);
    // The writer forgets a file once its unlink has completed: then the directory is empty.
    await vi.waitFor(() => expect(writer.stats().spillFiles).toBe(0), waitLong);
    expect(await spillFileNames(suite.spillDir)).toEqual([]);
    expect(store.duplicates).toBe(40);
    expect(writer.stats()).toMatchObject({ healthy: true, replayed: 140, failedBatches: 1 });
  });

  it('replays files oldest first', async () => {
    await leaveSpillFile([makeRecord('newer')], 2_000_000_000_000, 'b');
    await leaveSpillFile([makeRecord('older')], 1_000_000_000_000, 'a');
    const store = new FakeRecordStore();
    const writer = newWriter(store);
    await writer.start();
    await vi.waitFor(() => expect(store.stored.size).toBe(2), waitLong);
    expect([...store.stored.keys()]).toEqual(['older', 'newer']);
  });

  it('reports the age of the oldest spill file', async () => {
    let now = 1_000_000;
    await leaveSpillFile([makeRecord('x')], 400_000, 'old');
    const store = new FakeRecordStore();
    store.failing = true;
    const writer = newWriter(store, { now: () => now, retryMinMs: 60_000, retryMaxMs: 60_000 });
    await writer.start();
    await vi.waitFor(() => expect(writer.stats().failedBatches).toBe(1), waitLong);
    expect(writer.stats().oldestSpillAgeMs).toBe(600_000);
    now += 5_000;
    expect(writer.stats().oldestSpillAgeMs).toBe(605_000);
  });

  it('replays at a bounded rate and lets live records through meanwhile', async () => {
    await leaveSpillFile(makeRecords(2_000, 'backlog'), Date.now() - 1_000, 'previous');
    const store = new FakeRecordStore();
    // 20 batches of 100 with 50 ms between them: the replay takes a second at least.
    const writer = newWriter(store, { batchSize: 100, replayPauseMs: 50 });
    const started = Date.now();
    await writer.start();
    const live = makeRecords(10, 'live');
    for (const record of live) writer.write(record);
    await vi.waitFor(() => expect(live.every((record) => store.stored.has(record.id))).toBe(true), waitLong);
    expect(writer.stats().replayed).toBeLessThan(2_000);
    await vi.waitFor(() => expect(writer.stats().replayed).toBe(2_000), waitLong);
    expect(Date.now() - started).toBeGreaterThanOrEqual(19 * 50);
    expect(store.maxInFlight).toBe(1);
  });

  it('a live batch waits while a replayed batch is being inserted: one insert at a time', async () => {
    await leaveSpillFile(makeRecords(30, 'backlog'), Date.now() - 1_000, 'previous');
    const store = new FakeRecordStore();
    store.gate = deferred();
    const writer = newWriter(store, { batchSize: 30 });
    await writer.start();
    await vi.waitFor(() => expect(store.batchSizes).toEqual([30]), waitLong);
    const live = makeRecords(30, 'live');
    for (const record of live) writer.write(record);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.batchSizes).toEqual([30]);
    expect(store.inFlight).toBe(1);
    store.open();
    await vi.waitFor(() => expect(store.stored.size).toBe(60), waitLong);
    expect(store.batchSizes).toEqual([30, 30]);
    expect(store.maxInFlight).toBe(1);
  });

  it('close() stops a replay between batches and leaves the rest of the file for the next start', async () => {
    const name = await leaveSpillFile(makeRecords(500, 'slow'), Date.now() - 1_000, 'previous');
    const store = new FakeRecordStore();
    const writer = newWriter(store, { batchSize: 50, replayPauseMs: 30 });
    await writer.start();
    await vi.waitFor(() => expect(store.stored.size).toBeGreaterThan(0), waitLong);
    await writer.close(100);
    const storedAtClose = store.stored.size;
    expect(storedAtClose).toBeLessThan(500);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(store.stored.size).toBe(storedAtClose);
    expect(await spillFileNames(suite.spillDir)).toEqual([name]);
  });
});
