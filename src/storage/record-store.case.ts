// The RecordStore conformance suite: every backend that claims RecordStore registers these tests
// with its own factory, so memory, SQLite and Postgres are held to one contract. This file: writes,
// reads, isolation, purges; record-store-query.case.ts: filters, pages, usage. Test support only.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from './clock.js';
import type { IdGenerator } from './id-generator.js';
import type { RecordStore } from './record-store.js';
import { recordQueryCases } from './record-store-query.case.js';
import { isStorageError } from './storage-error.js';
import { manualClock, sequentialIds, type ManualClock } from './testing/determinism.js';
import { at, attemptRecord, bareRecord, fixtureEpoch, fullRecord } from './testing/record-fixtures.js';
import type { RequestRecord } from '../telemetry/request-record.js';

export interface RecordStoreHarness {
  store: RecordStore;
  close?(): Promise<void>;
}

/** Opens an empty store that uses the given clock and id generator. */
export type RecordStoreFactory = (options: {
  clock: Clock;
  newId: IdGenerator;
}) => Promise<RecordStoreHarness>;

/** What each test of the suite works with. */
export interface RecordStoreContext {
  store: RecordStore;
  time: ManualClock;
}

export async function expectStorageError(promise: Promise<unknown>, code: string): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(isStorageError(error), `expected a StorageError, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

export async function allIds(store: RecordStore, organizationId = 'acme'): Promise<string[]> {
  const page = await store.query({ organizationId, limit: 1000 });
  return page.records.map((record) => record.id);
}

export function recordStoreCase(backend: string, factory: RecordStoreFactory): void {
  describe(`RecordStore conformance: ${backend}`, () => {
    const context = {} as RecordStoreContext;
    let harness: RecordStoreHarness;

    beforeEach(async () => {
      context.time = manualClock(new Date('2025-06-01T00:00:00.000Z'));
      harness = await factory({ clock: context.time.clock, newId: sequentialIds() });
      context.store = harness.store;
    });

    afterEach(async () => {
      await harness.close?.();
    });

    writeCases(context);
    purgeCases(context);
    recordQueryCases(context);
  });
}

function writeCases(context: RecordStoreContext): void {
  describe('insert and get', () => {
    it('keeps every field through a round trip: attempts, reported usage, cost lines, guardrails, bodies', async () => {
      const full = fullRecord('req-full');
      const bare = bareRecord('req-bare', { receivedAt: fixtureEpoch + 5, doneAt: fixtureEpoch + 6 });
      await context.store.insert([full, bare]);
      expect(await context.store.get('req-full', 'acme')).toEqual(full);
      expect(await context.store.get('req-bare', 'acme')).toEqual(bare);
      const page = await context.store.query({ organizationId: 'acme' });
      expect(page).toEqual({ records: [bare, full] });
    });

    it('keeps a body-only error message, estimated usage and an unknown cost with its lower bound', async () => {
      const record = bareRecord('req-error', {
        bodyPolicy: 'redacted',
        errorMessage: 'provider said: [REDACTED] is not allowed',
        usage: {
          inputTokens: 12,
          outputTokens: 0,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          source: 'estimated',
        },
        cost: {
          usd: null,
          knownUsd: 0.00003,
          unknown: ['output'],
          tier: 'long-context',
          lines: [{ part: 'output', tokens: 5, usdPerMillion: null, usd: null }],
          catalogVersion: 'v9',
        },
      });
      await context.store.insert([record]);
      expect(await context.store.get('req-error', 'acme')).toEqual(record);
    });

    it('rounds fractional timestamps to the millisecond and stores attempts in number order', async () => {
      const record = fullRecord('req-fraction', {
        receivedAt: fixtureEpoch + 0.6,
        attempts: [attemptRecord(1), attemptRecord(0, { startedAt: fixtureEpoch + 10.4 })],
      });
      await context.store.insert([record]);
      const stored = await context.store.get('req-fraction', 'acme');
      expect(stored?.receivedAt).toBe(fixtureEpoch + 1);
      expect(stored?.attempts.map((attempt) => [attempt.number, attempt.startedAt])).toEqual([
        [0, fixtureEpoch + 10],
        [1, attemptRecord(1).startedAt],
      ]);
    });

    it('skips a record whose id is stored: re-inserting a batch, or a changed copy, changes nothing', async () => {
      const first = fullRecord('req-1');
      await context.store.insert([first]);
      await context.store.insert([first]);
      const changed = bareRecord('req-1', {
        model: 'changed',
        attempts: [attemptRecord(5)],
        prompt: 'new body',
      });
      await context.store.insert([changed, fullRecord('req-2', { receivedAt: fixtureEpoch + 1 })]);
      expect(await allIds(context.store)).toEqual(['req-2', 'req-1']);
      expect(await context.store.get('req-1', 'acme')).toEqual(first);
    });

    it('keeps the first of two records with one id in the same batch', async () => {
      const first = fullRecord('req-twice');
      await context.store.insert([first, bareRecord('req-twice', { model: 'second' })]);
      expect(await context.store.get('req-twice', 'acme')).toEqual(first);
    });

    it('accepts an empty batch', async () => {
      await context.store.insert([]);
      expect(await allIds(context.store)).toEqual([]);
    });

    const badRecords: Array<[string, RequestRecord]> = [
      ['an invalid receivedAt', fullRecord('bad', { receivedAt: Number.NaN })],
      ['a time past the year 9999', fullRecord('bad', { doneAt: 8.64e15 })],
      ['an empty id', fullRecord('')],
      ['an empty organization', fullRecord('bad', { organizationId: '' })],
      ['two attempts with one number', fullRecord('bad', { attempts: [attemptRecord(0), attemptRecord(0)] })],
    ];
    for (const [label, bad] of badRecords) {
      it(`rejects a batch with ${label} and stores nothing of it`, async () => {
        const batch = [fullRecord('good-1'), fullRecord('good-2', { receivedAt: fixtureEpoch + 1 }), bad];
        await expectStorageError(context.store.insert(batch), 'invalid-input');
        expect(await allIds(context.store)).toEqual([]);
        expect(await context.store.get('good-1', 'acme')).toBeUndefined();
      });
    }

    it("never shows one organisation's records to another: get, query and usage", async () => {
      await context.store.insert([fullRecord('mine'), fullRecord('theirs', { organizationId: 'globex' })]);
      expect(await context.store.get('theirs', 'acme')).toBeUndefined();
      expect(await context.store.get('mine', 'globex')).toBeUndefined();
      expect(await context.store.get('mine', 'ACME')).toBeUndefined();
      expect(await context.store.get('missing', 'acme')).toBeUndefined();
      expect(await allIds(context.store, 'acme')).toEqual(['mine']);
      expect(await allIds(context.store, 'globex')).toEqual(['theirs']);
      expect(await allIds(context.store, 'nobody')).toEqual([]);
      const usage = await context.store.usage({ organizationId: 'acme', groupBy: 'model' });
      expect(usage.map((row) => row.requests)).toEqual([1]);
      expect(await context.store.usage({ organizationId: 'nobody', groupBy: 'model' })).toEqual([]);
    });

    it('hands out copies: changing a returned record changes nothing stored', async () => {
      const original = fullRecord('req-copy');
      await context.store.insert([original]);
      original.model = 'mutated after insert';
      const fetched = await context.store.get('req-copy', 'acme');
      fetched!.attempts[0]!.provider = 'mutated';
      fetched!.usage.reported!.prompt_tokens = -1;
      expect(await context.store.get('req-copy', 'acme')).toEqual(fullRecord('req-copy'));
    });
  });
}

function purgeCases(context: RecordStoreContext): void {
  describe('purge', () => {
    const seed = () => [
      fullRecord('p1', { receivedAt: at(1), route: 'chat', teamId: 't1' }),
      fullRecord('p2', { receivedAt: at(2), route: 'code', teamId: 't1' }),
      fullRecord('p3', { receivedAt: at(3), route: 'chat', teamId: 't2' }),
      bareRecord('p4', { receivedAt: at(4), route: null, teamId: null }),
      fullRecord('p5', { receivedAt: at(5), route: 'chat', teamId: 't1' }),
      fullRecord('p6', { receivedAt: at(1), route: 'chat', teamId: 't1', organizationId: 'globex' }),
    ];

    /** A rule, then what stays of acme's p1-p5 (newest first) and of globex's p6. */
    const rules: Array<[string, Parameters<RecordStore['purge']>[0], string[], string[]]> = [
      ['everything received before a time (exclusive)', { before: at(5) }, ['p5'], []],
      ['one route, across organisations', { before: at(5), route: 'chat' }, ['p5', 'p4', 'p2'], []],
      ['one team', { before: at(9), teamId: 't1' }, ['p4', 'p3'], []],
      [
        'all but some routes (records without a route too)',
        { before: at(9), exceptRoutes: ['code'] },
        ['p2'],
        [],
      ],
      [
        'all but some teams (records without a team too)',
        { before: at(9), exceptTeams: ['t1'] },
        ['p5', 'p2', 'p1'],
        ['p6'],
      ],
      [
        'all but both except lists',
        { before: at(9), exceptRoutes: ['code'], exceptTeams: ['t2'] },
        ['p3', 'p2'],
        [],
      ],
      ['a route and a team together', { before: at(9), route: 'chat', teamId: 't1' }, ['p4', 'p3', 'p2'], []],
    ];
    for (const [label, rule, kept, keptElsewhere] of rules) {
      it(`deletes ${label}`, async () => {
        await context.store.insert(seed());
        const deleted = await context.store.purge(rule);
        expect(await allIds(context.store)).toEqual(kept);
        expect(await allIds(context.store, 'globex')).toEqual(keptElsewhere);
        expect(deleted).toBe(6 - kept.length - keptElsewhere.length);
      });
    }

    it('takes attempts, bodies and search entries with the record', async () => {
      const record = fullRecord('gone', {
        receivedAt: at(1),
        prompt: JSON.stringify({ messages: [{ role: 'user', content: 'purgeable secret words' }] }),
      });
      await context.store.insert([record]);
      expect(await allIds(context.store)).toEqual(['gone']);
      expect(await context.store.purge({ before: at(2) })).toBe(1);
      expect(await context.store.get('gone', 'acme')).toBeUndefined();
      expect((await context.store.query({ organizationId: 'acme', text: 'purgeable' })).records).toEqual([]);
      // Stored again, the same record comes back exactly: nothing of the old one was left behind.
      await context.store.insert([record]);
      expect(await context.store.get('gone', 'acme')).toEqual(record);
      expect((await context.store.query({ organizationId: 'acme', text: 'purgeable' })).records).toEqual([
        record,
      ]);
    });

    it('logs every purge with its rule, time and count, newest first', async () => {
      await context.store.insert(seed());
      expect(await context.store.purges()).toEqual([]);
      expect(await context.store.purge({ before: at(2), exceptRoutes: [] })).toBe(2);
      context.time.advance(60_000);
      expect(await context.store.purge({ before: at(9), route: 'code', exceptTeams: ['t9'] })).toBe(1);
      context.time.advance(60_000);
      expect(await context.store.purge({ before: at(0) })).toBe(0);
      const start = Date.parse('2025-06-01T00:00:00.000Z');
      const entries = await context.store.purges();
      expect(entries).toEqual([
        {
          id: '00000000-0000-4000-8000-000000000003',
          at: start + 120_000,
          rule: { before: at(0) },
          deleted: 0,
        },
        {
          id: '00000000-0000-4000-8000-000000000002',
          at: start + 60_000,
          rule: { before: at(9), route: 'code', exceptTeams: ['t9'] },
          deleted: 1,
        },
        { id: '00000000-0000-4000-8000-000000000001', at: start, rule: { before: at(2) }, deleted: 2 },
      ]);
      expect(await context.store.purges(1)).toEqual(entries.slice(0, 1));
      await expectStorageError(context.store.purges(0), 'invalid-input');
    });

    it('rejects a rule without a valid time or with malformed lists', async () => {
      await context.store.insert(seed());
      await expectStorageError(context.store.purge({ before: Number.NaN }), 'invalid-input');
      const malformed = { before: at(9), exceptRoutes: 'chat' } as unknown as Parameters<
        RecordStore['purge']
      >[0];
      await expectStorageError(context.store.purge(malformed), 'invalid-input');
      expect(await allIds(context.store)).toHaveLength(5);
      expect(await context.store.purges()).toEqual([]);
    });
  });
}
