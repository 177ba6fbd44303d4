// Record writers for a test file, on fast real timers: each test gets a fresh spill directory and
// log list, and every writer it made is closed (and the directory removed) when it ends.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { FakeRecordStore } from '../../src/telemetry/record-writer-fakes.js';
import type { RecordWriterLogLevel } from '../../src/telemetry/record-writer-log.js';
import type { RecordWriterOptions } from '../../src/telemetry/record-writer-options.js';
import { RecordWriter } from '../../src/telemetry/record-writer.js';

export interface RecordWriterSuite {
  /** This test's spill directory. */
  spillDir: string;
  /** What this test's writers logged. */
  logs: Array<{ level: RecordWriterLogLevel; message: string }>;
  /** A writer on `store` with fast real timers, closed when the test ends. */
  newWriter: (store: FakeRecordStore, options?: Partial<RecordWriterOptions>) => RecordWriter;
}

/** Call at a file's top level; `prefix` names the temporary spill directories. */
export function recordWriterSuite(prefix: string): RecordWriterSuite {
  const writers: RecordWriter[] = [];
  const suite: RecordWriterSuite = {
    spillDir: '',
    logs: [],
    newWriter: (store, options = {}) => {
      const writer = new RecordWriter({
        store,
        spillDir: suite.spillDir,
        flushIntervalMs: 5,
        retryMinMs: 10,
        retryMaxMs: 40,
        replayDelayMs: 20,
        replayPauseMs: 1,
        log: (level, message) => suite.logs.push({ level, message }),
        ...options,
      });
      writers.push(writer);
      return writer;
    },
  };
  beforeEach(async () => {
    suite.spillDir = await mkdtemp(path.join(tmpdir(), prefix));
    suite.logs = [];
  });
  afterEach(async () => {
    for (const writer of writers.splice(0)) await writer.close(50);
    await rm(suite.spillDir, { recursive: true, force: true });
  });
  return suite;
}
