// The RecordStore conformance suite, reading half: every filter of RecordFilter, cursor pages and
// limits, over one small hand-checked data set. Registered by record-store.case.ts. Test support only.

import { beforeEach, describe, expect, it } from 'vitest';
import { allIds, expectStorageError, type RecordStoreContext } from './record-store.case.js';
import { recordUsageCases } from './record-store-usage.case.js';
import type { RecordFilter } from './record-store.js';
import { at, filterDataSet, fullRecord } from './testing/record-fixtures.js';
import type { RequestRecord } from '../telemetry/request-record.js';

export function recordQueryCases(context: RecordStoreContext): void {
  describe('query filters', () => {
    beforeEach(async () => {
      await context.store.insert(filterDataSet());
    });

    const ids = async (filter: Omit<RecordFilter, 'organizationId'>) =>
      (await context.store.query({ organizationId: 'acme', ...filter })).records.map((record) => record.id);

    const cases: Array<[string, Omit<RecordFilter, 'organizationId'>, string[]]> = [
      ['no filter: newest first, equal times by id descending', {}, ['a6', 'a5', 'a4', 'a3', 'a2', 'a1']],
      ['from (inclusive)', { from: at(2) }, ['a6', 'a5', 'a4', 'a3', 'a2']],
      ['to (exclusive)', { to: at(4) }, ['a3', 'a2', 'a1']],
      ['from and to', { from: at(2), to: at(5) }, ['a4', 'a3', 'a2']],
      ['key', { keyId: 'k1' }, ['a5', 'a2', 'a1']],
      ['team', { teamId: 't1' }, ['a5', 'a3', 'a1']],
      ['model', { model: 'gpt-4o' }, ['a6', 'a3', 'a1']],
      ['route', { route: 'code' }, ['a5', 'a2']],
      ['exact status', { status: 200 }, ['a4', 'a1']],
      ['status class 2xx', { status: '2xx' }, ['a6', 'a4', 'a1']],
      ['status class 4xx', { status: '4xx' }, ['a2']],
      ['status class 5xx', { status: '5xx' }, ['a5', 'a3']],
      ['a status nobody got', { status: 404 }, []],
      ['outcome error', { outcome: 'error' }, ['a5', 'a3', 'a2']],
      ['outcome cancelled', { outcome: 'cancelled' }, ['a4']],
      ['cache hit', { cache: 'hit' }, ['a3']],
      ['cache semantic-hit', { cache: 'semantic-hit' }, ['a4']],
      ['semantic lookup far (a JSON field)', { semantic: 'far' }, ['a1']],
      ['semantic lookup served', { semantic: 'served' }, ['a4']],
      ['semantic lookup checked, and route', { semantic: 'checked', route: 'chat' }, ['a6']],
      ['a semantic outcome nobody had', { semantic: 'calibrating' }, []],
      ['minimum cost (inclusive; unknown cost excluded)', { minCostUsd: 0.02 }, ['a6', 'a5', 'a3']],
      ['maximum cost (inclusive; unknown cost excluded)', { maxCostUsd: 0.02 }, ['a6', 'a4', 'a1']],
      ['cost zero to zero', { minCostUsd: 0, maxCostUsd: 0 }, ['a4']],
      ['any known cost', { minCostUsd: 0 }, ['a6', 'a5', 'a4', 'a3', 'a1']],
      ['a word in prompts (not in a metadata summary)', { text: 'fox' }, ['a5', 'a2', 'a1']],
      ['words split between prompt and response', { text: 'brown jumps' }, ['a1']],
      ['words in any case and order', { text: 'FOX Quick' }, ['a5', 'a1']],
      ['non-ASCII words, case-folded', { text: 'élan CAFÉ' }, ['a6']],
      ['a word found only in a metadata summary', { text: 'roles' }, []],
      ['part of a word', { text: 'fo' }, []],
      ['session', { sessionId: 's1' }, ['a2', 'a1']],
      ['trace', { traceId: 'tr1' }, ['a5', 'a1']],
      ['key and status class', { keyId: 'k1', status: '5xx' }, ['a5']],
      ['model and cost range', { model: 'gpt-4o', minCostUsd: 0.015, maxCostUsd: 1 }, ['a6', 'a3']],
      ['route and outcome', { route: 'chat', outcome: 'ok' }, ['a6', 'a1']],
      ['text and team', { text: 'fox', teamId: 't1' }, ['a5', 'a1']],
      ['text and time range', { text: 'fox', to: at(2) }, ['a1']],
    ];
    for (const [label, filter, expected] of cases) {
      it(`filters by ${label}`, async () => {
        expect(await ids(filter)).toEqual(expected);
      });
    }

    it('returns whole records, attempts included, for a filtered page', async () => {
      const page = await context.store.query({ organizationId: 'acme', traceId: 'tr1' });
      expect(page).toEqual({ records: [filterDataSet()[4], filterDataSet()[0]] });
    });

    it("keeps another organisation's records out of every filter", async () => {
      expect(await allIds(context.store, 'globex')).toEqual(['b1']);
      const globex = await context.store.query({ organizationId: 'globex', text: 'quick', keyId: 'k1' });
      expect(globex.records.map((record) => record.id)).toEqual(['b1']);
    });

    const invalidFilters: Array<[string, Partial<Record<keyof RecordFilter, unknown>>]> = [
      ['an empty organization', { organizationId: '' }],
      ['an unknown status class', { status: '3xx' }],
      ['a status out of range', { status: 42 }],
      ['an unknown outcome', { outcome: 'maybe' }],
      ['an unknown cache verdict', { cache: 'warm' }],
      ['an unknown semantic outcome', { semantic: 'near' }],
      ['a semantic outcome that is not a string', { semantic: { outcome: 'far' } }],
      ['a cost that is not a number', { minCostUsd: '1' }],
      ['a time that is not a number', { from: new Date() }],
      ['text without a word', { text: ' *** ' }],
      ['a key that is not a string', { keyId: 42 }],
    ];
    for (const [label, filter] of invalidFilters) {
      it(`rejects ${label}`, async () => {
        await expectStorageError(
          context.store.query({ organizationId: 'acme', ...filter } as RecordFilter),
          'invalid-input',
        );
      });
    }
  });

  describe('pages', () => {
    /** 23 records; 5 share each of four timestamps, so ties are the norm. */
    const crowd = () =>
      Array.from({ length: 23 }, (_, index) =>
        fullRecord(`r${String(index).padStart(2, '0')}`, {
          receivedAt: at(Math.floor(index / 5)),
          model: index % 2 === 0 ? 'even' : 'odd',
          status: index % 3 === 0 ? 503 : 200,
        }),
      );

    async function walk(
      filter: Omit<RecordFilter, 'organizationId' | 'cursor'>,
      start?: string,
    ): Promise<string[][]> {
      const pages: string[][] = [];
      let cursor = start;
      do {
        const page = await context.store.query({ organizationId: 'acme', ...filter, cursor });
        pages.push(page.records.map((record) => record.id));
        cursor = page.nextCursor;
        expect(pages.length).toBeLessThan(30);
      } while (cursor !== undefined);
      return pages;
    }

    const newestFirst = (records: RequestRecord[]) =>
      records
        .sort((left, right) => right.receivedAt - left.receivedAt || (left.id < right.id ? 1 : -1))
        .map((record) => record.id);

    it('walks every record once, in order, with no gaps, across equal timestamps', async () => {
      await context.store.insert(crowd());
      const pages = await walk({ limit: 4 });
      expect(pages.map((page) => page.length)).toEqual([4, 4, 4, 4, 4, 3]);
      expect(pages.flat()).toEqual(newestFirst(crowd()));
    });

    it('walks a filtered set with the filter kept on every page', async () => {
      await context.store.insert(crowd());
      const pages = await walk({ limit: 3, model: 'odd' });
      expect(pages.flat()).toEqual(newestFirst(crowd().filter((record) => record.model === 'odd')));
    });

    it('walks every way a page can be read: by key, by exact status, by status class', async () => {
      await context.store.insert(crowd());
      const all = newestFirst(crowd());
      expect((await walk({ limit: 6, keyId: 'key-1' })).flat()).toEqual(all);
      const failed = newestFirst(crowd().filter((record) => record.status === 503));
      expect((await walk({ limit: 2, status: 503 })).flat()).toEqual(failed);
      expect((await walk({ limit: 2, status: '5xx' })).flat()).toEqual(failed);
      expect((await walk({ limit: 5, status: '2xx' })).flat()).toEqual(
        newestFirst(crowd().filter((record) => record.status === 200)),
      );
    });

    it('ends without a cursor when the last page is exactly full', async () => {
      await context.store.insert(crowd().slice(0, 6));
      const first = await context.store.query({ organizationId: 'acme', limit: 3 });
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await context.store.query({
        organizationId: 'acme',
        limit: 3,
        cursor: first.nextCursor,
      });
      expect(second.records).toHaveLength(3);
      expect(second.nextCursor).toBeUndefined();
    });

    it('stays stable when newer records arrive between pages', async () => {
      await context.store.insert(crowd());
      const first = await context.store.query({ organizationId: 'acme', limit: 10 });
      await context.store.insert([
        fullRecord('z-newer', { receivedAt: at(9) }),
        fullRecord('r99', { receivedAt: at(2) }),
      ]);
      const rest = await walk({ limit: 10 }, first.nextCursor);
      const seen = [...first.records.map((record) => record.id), ...rest.flat()];
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => id !== 'r99')).toEqual(newestFirst(crowd()));
    });

    it('uses 50 records as the default page and accepts 1 and 1000', async () => {
      await context.store.insert(
        Array.from({ length: 51 }, (_, index) =>
          fullRecord(`d${String(index).padStart(2, '0')}`, { receivedAt: at(index) }),
        ),
      );
      const page = await context.store.query({ organizationId: 'acme' });
      expect(page.records).toHaveLength(50);
      expect(page.nextCursor).toEqual(expect.any(String));
      expect(
        (await context.store.query({ organizationId: 'acme', limit: 1 })).records.map((r) => r.id),
      ).toEqual(['d50']);
      expect((await context.store.query({ organizationId: 'acme', limit: 1000 })).records).toHaveLength(51);
    });

    for (const limit of [0, -1, 1001, 2.5, Number.NaN]) {
      it(`rejects a page size of ${limit}`, async () => {
        await expectStorageError(context.store.query({ organizationId: 'acme', limit }), 'invalid-input');
      });
    }

    for (const cursor of [
      'garbage!',
      '',
      'bm90IGpzb24',
      Buffer.from('[1,2]').toString('base64url'),
      'W1siYSJdLCJiIl0',
    ]) {
      it(`rejects the cursor ${JSON.stringify(cursor)}`, async () => {
        await expectStorageError(context.store.query({ organizationId: 'acme', cursor }), 'invalid-input');
      });
    }
  });

  recordUsageCases(context);
}
