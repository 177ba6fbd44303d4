// Synthetic request records for the request-log benchmark (records-query.ts): deterministic,
// skewed like real traffic (a few big keys and models, mostly 200s, ~5% searchable bodies), and a
// bulk fill straight into an SQLite file, bypassing the store. Bench support only.

import type { Database } from 'better-sqlite3';
import {
  attemptColumns,
  attemptValues,
  bodyColumns,
  bodyValues,
  recordColumns,
  recordValues,
} from '../src/storage/record-columns.js';
import { isSearchable, searchableText, searchRowid } from '../src/storage/record-search.js';
import { sqliteRecordDialect } from '../src/storage/sqlite/sqlite-record-store.js';
import type { BodyPolicy, RequestRecord } from '../src/telemetry/request-record.js';

const day = 86_400_000;
export const benchEnd = Date.UTC(2025, 5, 1);
const benchStart = benchEnd - 30 * day;

/** A small fast PRNG (mulberry32): the same data on every run. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value ^= value + Math.imul(value ^ (value >>> 7), 61 | value);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(random: () => number, choices: ReadonlyArray<readonly [T, number]>): T {
  let roll = random();
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

/** 3,000 made-up words; prompts draw low ranks far more often (a Zipf-like skew). */
export const vocabulary: string[] = (() => {
  const syllables = 'ka lo mi ra ten vor qui zel pa nis tor bel sha gri'.split(' ');
  const random = randomFrom(7);
  const words = new Set<string>();
  while (words.size < 3000) {
    const length = 2 + Math.floor(random() * 3);
    words.add(Array.from({ length }, () => syllables[Math.floor(random() * syllables.length)]).join(''));
  }
  return [...words];
})();

function sentence(random: () => number, words: number): string {
  return Array.from({ length: words }, () => vocabulary[Math.floor(vocabulary.length * random() ** 3)]).join(
    ' ',
  );
}

const organizations = [
  ['acme', 0.5],
  ['globex', 0.25],
  ['initech', 0.15],
  ['umbrella', 0.07],
  ['hooli', 0.03],
] as const;
const models = [
  ['gpt-4o', 0.3],
  ['gpt-4o-mini', 0.25],
  ['claude-sonnet-4', 0.15],
  ['claude-haiku', 0.1],
  ['gemini-2.5-pro', 0.08],
  ['gemini-flash', 0.07],
  ['llama-3.3-70b', 0.03],
  ['mistral-large', 0.02],
] as const;
const routes = [
  ['chat-default', 0.4],
  ['support-bot', 0.15],
  ['code-assist', 0.15],
  ['summarize', 0.1],
  ['embeddings', 0.05],
  ['agents', 0.05],
  ['batch', 0.05],
  [null, 0.05],
] as const;
const statuses = [
  [200, 0.935],
  [429, 0.025],
  [400, 0.01],
  [500, 0.015],
  [502, 0.005],
  [503, 0.01],
] as const;
const caches = [
  ['miss', 0.75],
  ['hit', 0.1],
  ['none', 0.1],
  ['semantic-hit', 0.03],
  ['bypass', 0.02],
] as const;
const policies: ReadonlyArray<readonly [BodyPolicy, number]> = [
  ['full', 0.03],
  ['redacted', 0.02],
  ['metadata', 0.7],
  ['off', 0.25],
];

function hex(random: () => number, length: number): string {
  let text = '';
  while (text.length < length)
    text += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return text.slice(0, length);
}

/** Record number `index` of a log of `total`, spread evenly over the 30 days. */
export function syntheticRecord(index: number, total: number): RequestRecord {
  const random = randomFrom(index + 1);
  const organization = weighted(random, organizations);
  const receivedAt = benchStart + Math.floor((index * 30 * day) / total) + Math.floor(random() * 1000);
  const status = weighted(random, statuses);
  const outcome = status >= 400 ? 'error' : random() < 0.01 ? 'cancelled' : 'ok';
  const usd = random() < 0.03 ? null : Math.exp(Math.log(1e-5) + random() * (Math.log(0.5) - Math.log(1e-5)));
  const policy = weighted(random, policies);
  const searchable = policy === 'full' || policy === 'redacted';
  const model = weighted(random, models);
  const inputTokens = 50 + Math.floor(random() ** 2 * 20_000);
  const outputTokens = Math.floor(random() * 1500);
  const teamNumber = Math.floor(random() * 8);
  return {
    id: `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-8${hex(random, 3)}-${hex(random, 12)}`,
    traceId: hex(random, 32),
    spanId: hex(random, 16),
    parentSpanId: random() < 0.2 ? hex(random, 16) : null,
    organizationId: organization,
    teamId: random() < 0.1 ? null : `${organization}-team-${teamNumber}`,
    projectId: null,
    // One key in 2,000 is rare: a page of its records must not need a scan of the organisation.
    keyId:
      random() < 0.0005
        ? `${organization}-key-rare`
        : `${organization}-key-${Math.floor(random() ** 2 * 40)}`,
    sessionId: random() < 0.3 ? `${organization}-session-${Math.floor(index / 20)}` : null,
    workflowId: null,
    receivedAt,
    firstTokenAt: receivedAt + 300,
    doneAt: receivedAt + 1200 + Math.floor(random() * 5000),
    operation: 'chat',
    dialect: random() < 0.7 ? 'openai' : 'anthropic',
    stream: random() < 0.6,
    model,
    route: weighted(random, routes),
    configVersion: 3,
    provider: 'primary',
    providerType: model.startsWith('claude') ? 'anthropic' : 'openai',
    upstreamModel: model,
    responseModel: model,
    status,
    outcome,
    errorCode: status >= 400 ? `upstream-${status}` : null,
    errorMessage: status >= 400 && searchable ? `upstream answered ${status}` : null,
    finishReason: outcome === 'ok' ? 'stop' : null,
    cache: weighted(random, caches),
    semantic: null,
    guardrails: [],
    usage: {
      inputTokens,
      outputTokens,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      source: random() < 0.05 ? 'estimated' : 'provider',
    },
    cost: {
      usd,
      knownUsd: usd ?? 0,
      unknown: usd === null ? ['model'] : [],
      tier: 'base',
      lines: [],
      catalogVersion: 'bench',
    },
    bodyPolicy: policy,
    prompt: searchable
      ? JSON.stringify({
          messages: [{ role: 'user', content: sentence(random, 20 + Math.floor(random() * 60)) }],
        })
      : policy === 'metadata'
        ? JSON.stringify({
            messages: 2,
            roles: { system: 1, user: 1 },
            tools: [],
            images: 0,
            characters: inputTokens * 4,
          })
        : null,
    response: searchable ? sentence(random, 10 + Math.floor(random() * 50)) : null,
    attempts: [
      {
        number: 0,
        provider: 'primary',
        providerType: 'openai',
        upstreamModel: model,
        startedAt: receivedAt + 2,
        durationMs: 900 + random() * 4000,
        firstTokenMs: 290,
        status,
        outcome: outcome === 'cancelled' ? 'cancelled' : outcome,
        errorCode: null,
        errorMessage: null,
        spanId: hex(random, 16),
      },
    ],
  };
}

export function syntheticRecords(firstIndex: number, count: number, total: number): RequestRecord[] {
  return Array.from({ length: count }, (_, offset) => syntheticRecord(firstIndex + offset, total));
}

const placeholders = (columns: readonly string[]) => columns.map(() => '?').join(', ');

/**
 * Writes `total` records straight into the (migrated) file: secondary indexes dropped first and
 * rebuilt at the end, 50,000 rows per transaction, no fsync. The store is not involved.
 */
export function bulkFill(
  database: Database,
  total: number,
  onProgress: (rows: number) => void,
): Record<string, number> {
  database.pragma('synchronous = OFF');
  const indexes = database
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'request_records' AND sql IS NOT NULL",
    )
    .all() as Array<{ name: string; sql: string }>;
  for (const index of indexes) database.exec(`DROP INDEX ${index.name}`);
  const insertRecord = database.prepare(
    `INSERT INTO request_records (${recordColumns.join(', ')}) VALUES (${placeholders(recordColumns)})`,
  );
  const insertAttempt = database.prepare(
    `INSERT INTO request_attempts (${attemptColumns.join(', ')}) VALUES (${placeholders(attemptColumns)})`,
  );
  const insertBody = database.prepare(
    `INSERT INTO request_bodies (${bodyColumns.join(', ')}) VALUES (${placeholders(bodyColumns)})`,
  );
  const insertSearch = database.prepare(
    'INSERT INTO request_bodies_search (rowid, request_id, prompt, response) VALUES (?, ?, ?, ?)',
  );
  const counts = { records: 0, attempts: 0, bodies: 0, searchable: 0 };
  const fill = database.transaction((from: number, to: number) => {
    for (let index = from; index < to; index += 1) {
      const record = syntheticRecord(index, total);
      insertRecord.run(...recordValues(record, sqliteRecordDialect));
      counts.records += 1;
      for (const attempt of record.attempts) {
        insertAttempt.run(...attemptValues(record.id, attempt, sqliteRecordDialect));
        counts.attempts += 1;
      }
      const body = bodyValues(record);
      if (body !== undefined) {
        insertBody.run(...body);
        counts.bodies += 1;
      }
      if (isSearchable(record) && record.prompt !== null) {
        insertSearch.run(
          searchRowid(record.id),
          record.id,
          searchableText(record.prompt),
          searchableText(record.response),
        );
        counts.searchable += 1;
      }
    }
  });
  const chunk = 50_000;
  for (let from = 0; from < total; from += chunk) {
    fill(from, Math.min(total, from + chunk));
    onProgress(Math.min(total, from + chunk));
  }
  for (const index of indexes) database.exec(index.sql);
  database.pragma('wal_checkpoint(TRUNCATE)');
  return counts;
}

/** The trace id of the first acme record at or after `index`, for a single-trace lookup. */
export function traceOf(index: number): string {
  for (let at = Math.floor(index); ; at += 1) {
    const record = syntheticRecord(at, Number(process.env.RECORDS_BENCH_ROWS ?? 1_000_000));
    if (record.organizationId === 'acme') return record.traceId;
  }
}

/** The session id of the first acme record with a session at or after `index`. */
export function sessionOf(index: number): string {
  for (let at = Math.floor(index); ; at += 1) {
    const record = syntheticRecord(at, Number(process.env.RECORDS_BENCH_ROWS ?? 1_000_000));
    if (record.organizationId === 'acme' && record.sessionId !== null) return record.sessionId;
  }
}
