// Test support for the record writer: a record factory, a scriptable fake RecordStore (fails, hangs,
// gates, recovers) that counts what it was sent, and hand-driven timers. Never imported by runtime code.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecordStore } from '../storage/record-store.js';
import type { RecordWriterTimers } from './record-writer-options.js';
import type { RequestRecord } from './request-record.js';

export function makeRecord(id: string, receivedAt = 1_735_689_600_000): RequestRecord {
  return {
    id,
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: null,
    organizationId: 'org-1',
    teamId: null,
    projectId: null,
    keyId: 'key-1',
    sessionId: null,
    workflowId: null,
    receivedAt,
    firstTokenAt: null,
    doneAt: receivedAt + 120,
    operation: 'chat',
    dialect: 'openai',
    stream: false,
    model: 'gpt-4o-mini',
    route: 'gpt-4o-mini',
    configVersion: 1,
    provider: 'openai',
    providerType: 'openai',
    upstreamModel: 'gpt-4o-mini',
    responseModel: 'gpt-4o-mini-2024-07-18',
    status: 200,
    outcome: 'ok',
    errorCode: null,
    errorMessage: null,
    finishReason: 'stop',
    cache: 'none',
    semantic: null,
    guardrails: [],
    usage: { inputTokens: 12, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0, source: 'provider' },
    cost: {
      usd: 0.0000036,
      knownUsd: 0.0000036,
      unknown: [],
      tier: 'base',
      lines: [],
      catalogVersion: 'test',
    },
    bodyPolicy: 'metadata',
    prompt: null,
    response: null,
    attempts: [],
  };
}

export function makeRecords(count: number, prefix = 'r'): RequestRecord[] {
  return Array.from({ length: count }, (_, index) => makeRecord(`${prefix}-${index}`));
}

export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/**
 * A RecordStore whose insert behaves like the real ones (one transaction, idempotent by id) and can
 * be told to fail, hang or wait. Only insert and close are implemented: the writer uses nothing else.
 */
export class FakeRecordStore implements RecordStore {
  readonly stored = new Map<string, RequestRecord>();
  /** Sizes of the batches it was sent, failed ones included. */
  readonly batchSizes: number[] = [];
  /** Ids sent again in a successful batch after they were already stored (redundant replays). */
  duplicates = 0;
  inFlight = 0;
  maxInFlight = 0;
  /** The next this-many inserts throw. */
  failNext = 0;
  /** Insert calls (1-based, counting every call) that throw. */
  readonly failCalls = new Set<number>();
  /** While true, every insert throws. */
  failing = false;
  /** While set, inserts wait for it (a slow database); clear it and resolve to let them through. */
  gate: Deferred | undefined;
  /** While true, inserts never settle (a hung connection). */
  hanging = false;

  async insert(records: readonly RequestRecord[]): Promise<void> {
    this.batchSizes.push(records.length);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.hanging) await new Promise<never>(() => undefined);
      if (this.gate !== undefined) await this.gate.promise;
      if (this.failCalls.has(this.batchSizes.length)) throw new Error('database unavailable (scripted call)');
      if (this.failNext > 0) {
        this.failNext -= 1;
        throw new Error('database unavailable (scripted)');
      }
      if (this.failing) throw new Error('database unavailable (scripted)');
      for (const record of records) {
        if (this.stored.has(record.id)) this.duplicates += 1;
        else this.stored.set(record.id, record);
      }
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Lets gated inserts through. */
  open(): void {
    const gate = this.gate;
    this.gate = undefined;
    gate?.resolve();
  }

  query(): never {
    throw new Error('not used by the record writer');
  }
  get(): never {
    throw new Error('not used by the record writer');
  }
  usage(): never {
    throw new Error('not used by the record writer');
  }
  purge(): never {
    throw new Error('not used by the record writer');
  }
  purges(): never {
    throw new Error('not used by the record writer');
  }
  async close(): Promise<void> {}
}

/** Timers that fire only when the test advances time; `now` follows them. */
export class ManualTimers implements RecordWriterTimers {
  #now = 0;
  #next = 0;
  readonly #pending = new Map<number, { at: number; callback: () => void }>();

  readonly now = (): number => this.#now;

  setTimeout(callback: () => void, ms: number): unknown {
    this.#next += 1;
    this.#pending.set(this.#next, { at: this.#now + ms, callback });
    return this.#next;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Moves time forward, firing due timers in order and letting promise callbacks run after each. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      let dueId: number | undefined;
      let dueAt = Infinity;
      for (const [id, timer] of this.#pending) {
        if (timer.at <= target && timer.at < dueAt) {
          dueId = id;
          dueAt = timer.at;
        }
      }
      const due = dueId === undefined ? undefined : this.#pending.get(dueId);
      if (dueId === undefined || due === undefined) break;
      this.#pending.delete(dueId);
      this.#now = dueAt;
      due.callback();
      await settle();
    }
    this.#now = target;
    await settle();
  }
}

/** Lets queued promise callbacks run (several rounds: chained awaits need one each). */
export async function settle(rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round += 1) await Promise.resolve();
}

/** Real timers that remember every delay asked for, to check the backoff sequence. */
export function recordingTimers(delays: number[]): RecordWriterTimers {
  return {
    setTimeout(callback, ms) {
      delays.push(ms);
      return setTimeout(callback, ms);
    },
    clearTimeout(handle) {
      clearTimeout(handle as NodeJS.Timeout);
    },
  };
}

/** The names of the spill files in `directory`, sorted. */
export async function spillFileNames(directory: string): Promise<string[]> {
  return (await readdir(directory)).filter((name) => name.endsWith('.jsonl')).sort();
}

/** The ids in the directory's spill files, in file then line order. */
export async function spilledIds(directory: string): Promise<string[]> {
  const ids: string[] = [];
  for (const name of await spillFileNames(directory)) {
    const text = await readFile(path.join(directory, name), 'utf8');
    for (const line of text.split('\n')) if (line !== '') ids.push((JSON.parse(line) as { id: string }).id);
  }
  return ids;
}
