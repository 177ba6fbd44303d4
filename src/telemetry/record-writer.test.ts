import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  deferred,
  FakeRecordStore,
  makeRecord,
  makeRecords,
  ManualTimers,
  recordingTimers,
  settle,
  spilledIds as spilledIdsIn,
  spillFileNames,
} from './record-writer-fakes.js';
import type { RecordWriter } from './record-writer.js';
import { recordWriterSuite } from '../../test/support/record-writer-suite.js';
import { spillFileName } from './spill-files.js';

const suite = recordWriterSuite('switchyard-record-writer-');
const newWriter = suite.newWriter;

const spillFiles = (): Promise<string[]> => spillFileNames(suite.spillDir);
const spilledIds = (): Promise<string[]> => spilledIdsIn(suite.spillDir);

/** Waits until the writer has replayed and deleted every spill file it knows, then checks the disk agrees. */
async function expectSpillDrained(writer: RecordWriter): Promise<void> {
  // The writer's count drops after the unlink has completed, so once it is 0 the directory is empty.
  await vi.waitFor(() => expect(writer.stats()).toMatchObject({ spillFiles: 0, spillPending: 0 }), waitLong);
  expect(await spillFiles()).toEqual([]);
}

function expectAllStored(store: FakeRecordStore, ids: readonly string[]): void {
  expect(store.stored.size).toBe(ids.length);
  for (const id of ids) expect(store.stored.has(id), id).toBe(true);
}

const waitLong = { timeout: 10_000, interval: 10 };

describe('RecordWriter batching', () => {
  it('flushes a partial batch on the interval, not before', async () => {
    const timers = new ManualTimers();
    const store = new FakeRecordStore();
    const writer = newWriter(store, { timers, now: timers.now, flushIntervalMs: 100 });
    for (const record of makeRecords(3)) writer.write(record);
    await settle();
    expect(store.batchSizes).toEqual([]);
    await timers.advance(99);
    expect(store.batchSizes).toEqual([]);
    await timers.advance(1);
    expect(store.batchSizes).toEqual([3]);
    expect(writer.stats()).toMatchObject({ queued: 0, written: 3, spilled: 0, healthy: true });
  });

  it('sends a full batch at once, keeps one insert in flight, and leaves the remainder for the interval', async () => {
    const timers = new ManualTimers();
    const store = new FakeRecordStore();
    store.gate = deferred();
    const writer = newWriter(store, { timers, now: timers.now, batchSize: 500, flushIntervalMs: 100 });
    const records = makeRecords(1_200);
    for (const record of records) writer.write(record);
    await settle();
    // No time has passed: the full batch went without waiting for the interval, and only one.
    expect(store.batchSizes).toEqual([500]);
    expect(writer.stats().queued).toBe(700);
    await timers.advance(1_000);
    expect(store.batchSizes).toEqual([500]);
    store.open();
    await settle();
    expect(store.batchSizes).toEqual([500, 500]);
    expect(writer.stats().queued).toBe(200);
    await timers.advance(99);
    expect(store.batchSizes).toEqual([500, 500]);
    await timers.advance(1);
    expect(store.batchSizes).toEqual([500, 500, 200]);
    expect(store.maxInFlight).toBe(1);
    expectAllStored(
      store,
      records.map((record) => record.id),
    );
    expect(writer.stats()).toMatchObject({ queued: 0, written: 1_200, failedBatches: 0 });
    expect(writer.stats().lastInsertMs).not.toBeNull();
  });

  it('close() with a healthy store stores everything queued and leaves no spill file', async () => {
    const store = new FakeRecordStore();
    const writer = newWriter(store, { flushIntervalMs: 60_000 });
    const records = makeRecords(1_234);
    for (const record of records) writer.write(record);
    await writer.close(5_000);
    expectAllStored(
      store,
      records.map((record) => record.id),
    );
    expect(await spillFiles()).toEqual([]);
    expect(writer.stats()).toMatchObject({ written: 1_234, spilled: 0, queued: 0 });
  });
});

describe('RecordWriter spill and replay', () => {
  it('spills when the queue is full, then replays the spill once the store catches up: each record stored once', async () => {
    const store = new FakeRecordStore();
    store.gate = deferred();
    const writer = newWriter(store, { queueCapacity: 100, batchSize: 20 });
    const records = makeRecords(1_000);
    for (const record of records) writer.write(record);
    expect(writer.stats().queued).toBe(100);
    await vi.waitFor(() => expect(writer.stats().spilled).toBe(900), waitLong);
    expect(writer.stats().spillFiles).toBeGreaterThan(0);
    expect(writer.stats().oldestSpillAgeMs).toBeGreaterThanOrEqual(0);
    expect(new Set(await spilledIds()).size).toBe(900);

    store.open();
    await vi.waitFor(() => expect(store.stored.size).toBe(1_000), waitLong);
    await expectSpillDrained(writer);
    expectAllStored(
      store,
      records.map((record) => record.id),
    );
    expect(store.duplicates).toBe(0);
    expect(store.maxInFlight).toBe(1);
    const stats = writer.stats();
    expect(stats).toMatchObject({ written: 100, spilled: 900, replayed: 900, dropped: 0, healthy: true });
    expect(stats.spillFiles).toBe(0);
    expect(stats.oldestSpillAgeMs).toBeNull();
  });

  it('store failing for a while mid-load: every record ends up stored and the spill files are deleted', async () => {
    const store = new FakeRecordStore();
    const writer = newWriter(store, { batchSize: 25 });
    const records = makeRecords(2_000);
    for (let index = 0; index < records.length; index += 1) {
      if (index === 400) store.failing = true;
      if (index === 1_400) store.failing = false;
      writer.write(records[index]!);
      if (index % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await vi.waitFor(() => expect(store.stored.size).toBe(2_000), waitLong);
    await expectSpillDrained(writer);
    expectAllStored(
      store,
      records.map((record) => record.id),
    );
    const stats = writer.stats();
    expect(stats.failedBatches).toBeGreaterThan(0);
    expect(stats.spilled).toBeGreaterThan(0);
    expect(stats.replayed).toBeGreaterThanOrEqual(stats.spilled);
    expect(stats).toMatchObject({ healthy: true, dropped: 0, spillFiles: 0, queued: 0 });
    expect(stats.lastError).toContain('database unavailable');
    expect(suite.logs.some((entry) => entry.message.includes('answering again'))).toBe(true);
  });

  it('probes a failing store with doubling backoff up to retryMaxMs, then replays everything', async () => {
    const delays: number[] = [];
    const store = new FakeRecordStore();
    store.failNext = 5;
    const writer = newWriter(store, {
      timers: recordingTimers(delays),
      retryMinMs: 11,
      retryMaxMs: 44,
      replayDelayMs: 30,
      batchSize: 50,
    });
    const records = makeRecords(100);
    for (const record of records) writer.write(record);
    await vi.waitFor(() => expect(store.stored.size).toBe(100), waitLong);
    expect(writer.stats().failedBatches).toBe(5);
    expect(delays.filter((delay) => delay === 11 || delay === 22 || delay === 44)).toEqual([
      11, 22, 44, 44, 44,
    ]);
    await expectSpillDrained(writer);
    expect(writer.stats().healthy).toBe(true);
  });

  it('store hangs: close(timeout) spills the queue and the hung batch; a new writer on the same directory replays them', async () => {
    const hung = new FakeRecordStore();
    hung.hanging = true;
    const first = newWriter(hung, { batchSize: 50 });
    const records = makeRecords(300);
    for (const record of records) first.write(record);
    await settle();
    expect(hung.batchSizes).toEqual([50]);
    const started = Date.now();
    await first.close(100);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(first.stats()).toMatchObject({ spilled: 300, dropped: 0, queued: 0, spillPending: 0 });
    expect((await spilledIds()).sort()).toEqual(records.map((record) => record.id).sort());
    expect(suite.logs.some((entry) => entry.level === 'warn' && entry.message.includes('300 records'))).toBe(
      true,
    );

    const store = new FakeRecordStore();
    const second = newWriter(store);
    await second.start();
    await expectSpillDrained(second);
    expectAllStored(
      store,
      records.map((record) => record.id),
    );
    expect(second.stats()).toMatchObject({ replayed: 300, tornLines: 0, spillFiles: 0 });
  });

  it('skips and counts a torn last line left by a crash, storing the whole lines', async () => {
    const lines = makeRecords(3, 'old').map((record) => JSON.stringify(record));
    const torn = JSON.stringify(makeRecord('old-torn')).slice(0, 40);
    await writeFile(
      path.join(suite.spillDir, spillFileName(Date.now() - 60_000, 0, 'crashed')),
      `${lines.join('\n')}\n${torn}`,
    );
    const store = new FakeRecordStore();
    const writer = newWriter(store);
    await writer.start();
    expect(writer.stats().spillFiles).toBe(1);
    await expectSpillDrained(writer);
    expectAllStored(store, ['old-0', 'old-1', 'old-2']);
    expect(writer.stats()).toMatchObject({ tornLines: 1, replayed: 3, spillFiles: 0, healthy: true });
  });

  it('counts records as dropped, without throwing, when the spill directory cannot be written; logs once per interval', async () => {
    const blocker = path.join(suite.spillDir, 'not-a-directory');
    await writeFile(blocker, 'a file where the spill directory should be');
    const store = new FakeRecordStore();
    store.failing = true;
    const writer = newWriter(store, { spillDir: path.join(blocker, 'spill'), batchSize: 10 });
    await writer.start();
    for (const record of makeRecords(10, 'a')) writer.write(record);
    await vi.waitFor(() => expect(writer.stats().dropped).toBe(10), waitLong);
    for (let round = 0; round < 5; round += 1) {
      expect(() => writer.write(makeRecord(`b-${round}`))).not.toThrow();
      await vi.waitFor(() => expect(writer.stats().dropped).toBe(11 + round), waitLong);
    }
    await writer.close(100);
    expect(writer.stats()).toMatchObject({ dropped: 15, spilled: 0, healthy: false });
    const spillErrors = suite.logs.filter(
      (entry) => entry.level === 'error' && entry.message.includes('spill file write failed'),
    );
    expect(spillErrors).toHaveLength(1);
    expect(spillErrors[0]?.message).toMatch(/ENOTDIR|EEXIST/);
  });

  it('write() after close() goes to the spill file, and a second close() waits for it', async () => {
    const store = new FakeRecordStore();
    const writer = newWriter(store);
    writer.write(makeRecord('before'));
    await writer.close();
    writer.write(makeRecord('after'));
    await writer.close();
    expect([...store.stored.keys()]).toEqual(['before']);
    expect(await spilledIds()).toEqual(['after']);
    expect(writer.stats()).toMatchObject({ written: 1, spilled: 1, spillPending: 0 });
  });
});

describe('RecordWriter write() cost', () => {
  it('takes 100k writes against a hung store well under a second, with the queue bounded by its capacity', async () => {
    const store = new FakeRecordStore();
    store.hanging = true;
    const writer = newWriter(store, { queueCapacity: 10_000 });
    const records = makeRecords(100_000);
    let maxQueued = 0;
    const started = performance.now();
    for (let index = 0; index < records.length; index += 1) {
      writer.write(records[index]!);
      if (index % 1_000 === 0) maxQueued = Math.max(maxQueued, writer.stats().queued);
    }
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(500);
    expect(maxQueued).toBeLessThanOrEqual(10_000);
    expect(writer.stats().queued).toBe(10_000);
    await writer.close(50);
    // Nothing lost: the queue, the hung batch and the overflow are all on disk.
    expect(writer.stats()).toMatchObject({ spilled: 100_000, dropped: 0, queued: 0 });
    expect(new Set(await spilledIds()).size).toBe(100_000);
  });
});
