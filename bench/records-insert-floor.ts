// `npx tsx bench/records-insert-floor.ts [runs] [records]`: the CPU that SQLite itself needs to
// store one request record, measured in this thread with no worker, no queue and no other load,
// so it is the floor under what the request log's worker spends per record in the gateway. Each
// variant strips part of the row (indexes, JSON maps, the attempt row, the body row) to show what
// each part costs. Records look like the gateway's default ones (body policy metadata, one
// attempt, time-ordered ids). Batches of 500 per transaction, as the writer sends them.
// A benchmark, not a test: prints a markdown table of medians over `runs` fresh files.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  attemptColumns,
  attemptValues,
  bodyColumns,
  bodyValues,
  recordColumns,
  recordValues,
} from '../src/storage/record-columns.js';
import { migrateSqlite } from '../src/storage/sqlite/migrate-sqlite.js';
import { sqliteRecordDialect } from '../src/storage/sqlite/sqlite-record-store.js';
import type { RequestRecord } from '../src/telemetry/request-record.js';
import { sampleRecord } from '../src/telemetry/testing/sample-record.js';
import { newSpanId, newTraceId } from '../src/telemetry/trace-context.js';
import { median } from './stats.js';

const runs = Number(process.argv[2] ?? 5);
const records = Number(process.argv[3] ?? 100_000);
const batchSize = 500;
const secondaryIndexes = ['organization', 'key', 'model', 'route', 'trace'];

interface Variant {
  name: string;
  dropIndexes?: boolean;
  emptyMaps?: boolean;
  noAttempt?: boolean;
  noBody?: boolean;
}

const variants: Variant[] = [
  { name: 'as stored' },
  { name: 'without the 5 secondary indexes', dropIndexes: true },
  { name: 'usage and cost maps empty', emptyMaps: true },
  { name: 'without the attempt row', noAttempt: true },
  { name: 'without the body row', noBody: true },
  { name: 'bare row only', dropIndexes: true, emptyMaps: true, noAttempt: true, noBody: true },
];

const idPrefix = `req_${'0123456789abcdef0123'}`;

function gatewayLikeRecord(index: number): RequestRecord {
  const receivedAt = Date.now();
  return sampleRecord({
    id: `${idPrefix}${index.toString(16).padStart(12, '0')}`,
    traceId: newTraceId(),
    spanId: newSpanId(),
    receivedAt,
    doneAt: receivedAt + 3,
    bodyPolicy: 'metadata',
    prompt: '{"bytes":212,"messages":2,"roles":["system","user"],"characters":120,"tools":[]}',
    response: '{"characters":34,"toolCalls":[]}',
    usage: {
      inputTokens: 24,
      outputTokens: 9,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      source: 'provider',
      reported: { prompt_tokens: 24, completion_tokens: 9, total_tokens: 33 },
    },
    cost: {
      usd: 0.00015,
      knownUsd: 0.00015,
      unknown: [],
      tier: 'base',
      catalogVersion: '2026-11-01',
      lines: [
        { part: 'input', tokens: 24, usdPerMillion: 2.5, usd: 0.00006 },
        { part: 'output', tokens: 9, usdPerMillion: 10, usd: 0.00009 },
      ],
    },
    attempts: [
      {
        number: 0,
        provider: 'openai',
        providerType: 'openai',
        upstreamModel: 'gpt-4o-mini',
        startedAt: receivedAt + 1,
        durationMs: 2,
        firstTokenMs: null,
        status: 200,
        outcome: 'ok',
        errorCode: null,
        errorMessage: null,
        spanId: newSpanId(),
      },
    ],
  });
}

type Row = [record: unknown[], attempt: unknown[], body: unknown[]];

function rows(variant: Variant): Row[][] {
  const batches: Row[][] = [];
  for (let start = 0; start < records; start += batchSize) {
    const batch: Row[] = [];
    for (let index = start; index < Math.min(records, start + batchSize); index++) {
      const record = gatewayLikeRecord(index);
      const values = recordValues(record, sqliteRecordDialect);
      if (variant.emptyMaps) values.splice(recordColumns.indexOf('usage'), 2, '{}', '{}');
      const attempt = attemptValues(record.id, record.attempts[0]!, sqliteRecordDialect);
      batch.push([values, attempt, bodyValues(record)!]);
    }
    batches.push(batch);
  }
  return batches;
}

function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}

/** Microseconds of this thread's CPU per record for one fresh file. */
function measure(variant: Variant, directory: string, run: number): number {
  const path = join(directory, `floor-${run}.db`);
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  migrateSqlite(database);
  if (variant.dropIndexes) {
    for (const name of secondaryIndexes) database.exec(`DROP INDEX request_records_${name}_idx`);
  }
  const insertRecord = database.prepare(
    `${insertSql('request_records', recordColumns)} ON CONFLICT (id) DO NOTHING`,
  );
  const insertAttempt = database.prepare(insertSql('request_attempts', attemptColumns));
  const insertBody = database.prepare(insertSql('request_bodies', bodyColumns));
  const store = database.transaction((batch: Row[]) => {
    for (const [record, attempt, body] of batch) {
      if (insertRecord.run(...record).changes === 0) continue;
      if (!variant.noAttempt) insertAttempt.run(...attempt);
      if (!variant.noBody) insertBody.run(...body);
    }
  });
  const batches = rows(variant);
  const before = process.cpuUsage();
  for (const batch of batches) store.immediate(batch);
  const spent = process.cpuUsage(before);
  database.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  return (spent.user + spent.system) / records;
}

const directory = mkdtempSync(join(tmpdir(), 'switchyard-insert-floor-'));
const lines = [
  `SQLite CPU per stored record (µs, this thread only), median of ${runs} fresh files of ${records.toLocaleString('en-US')} records, batches of ${batchSize}`,
  '',
  '| variant | median (µs) | runs (µs) |',
  '| --- | --- | --- |',
];
try {
  for (const variant of variants) {
    const times = Array.from({ length: runs }, (_, run) => measure(variant, directory, run));
    lines.push(
      `| ${variant.name} | ${median(times).toFixed(1)} | ${times.map((time) => time.toFixed(1)).join(', ')} |`,
    );
    process.stderr.write(`${variant.name}: ${median(times).toFixed(1)} µs\n`);
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}
console.log(lines.join('\n'));
