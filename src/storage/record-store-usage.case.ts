// The RecordStore conformance suite, usage half: sums, counts and grouping of usage(), over the
// data set the filter tests use. Registered by record-store-query.case.ts. Test support only.

import { beforeEach, describe, expect, it } from 'vitest';
import { expectStorageError, type RecordStoreContext } from './record-store.case.js';
import { emptyUsageRow } from './record-input.js';
import type { UsageRow } from './record-store.js';
import { at, filterDataSet } from './testing/record-fixtures.js';

export function recordUsageCases(context: RecordStoreContext): void {
  describe('usage', () => {
    beforeEach(async () => {
      await context.store.insert(filterDataSet());
    });

    const row = (group: string | null, fields: Partial<UsageRow>): UsageRow => ({
      ...emptyUsageRow(group),
      ...fields,
    });

    /** Costs are sums of floats: compared to 1e-9, the rest exactly. */
    function expectUsage(actual: UsageRow[], expected: UsageRow[]): void {
      const rounded = (entry: UsageRow) => ({
        ...entry,
        costUsd: Math.round(entry.costUsd * 1e9),
        feeUsd: Math.round(entry.feeUsd * 1e9),
      });
      expect(actual.map(rounded)).toEqual(expected.map(rounded));
    }

    it('sums tokens, costs, errors, unpriced and estimated requests per model, largest cost first', async () => {
      // Audio, web searches and fees are read from the usage and cost of the records that have them.
      expectUsage(await context.store.usage({ organizationId: 'acme', groupBy: 'model' }), [
        row('claude', {
          requests: 2,
          errors: 2,
          inputTokens: 700,
          outputTokens: 70,
          cacheReadTokens: 350,
          cacheWriteTokens: 2,
          reasoningTokens: 4,
          webSearchRequests: 5,
          // The priced fee only: the other fee line has no price.
          feeUsd: 0.01,
          // 1.25, and the priced part (knownUsd) of the request whose output has no price.
          costUsd: 1.251,
          unpricedRequests: 1,
          estimatedRequests: 1,
        }),
        row('gpt-4o', {
          requests: 3,
          errors: 1,
          inputTokens: 1000,
          outputTokens: 100,
          cacheReadTokens: 500,
          cacheWriteTokens: 3,
          reasoningTokens: 6,
          audioInputTokens: 40,
          audioOutputTokens: 5,
          webSearchRequests: 2,
          feeUsd: 0.02,
          costUsd: 0.53,
        }),
        row('mini', {
          requests: 1,
          inputTokens: 400,
          outputTokens: 40,
          cacheReadTokens: 200,
          cacheWriteTokens: 1,
          reasoningTokens: 2,
          estimatedRequests: 1,
        }),
      ]);
    });

    it('groups records without the grouping field under null', async () => {
      const byTeam = await context.store.usage({ organizationId: 'acme', groupBy: 'team' });
      expect(byTeam.map((entry) => [entry.group, entry.requests])).toEqual([
        ['t1', 3],
        ['t2', 2],
        [null, 1],
      ]);
      const byRoute = await context.store.usage({ organizationId: 'acme', groupBy: 'route' });
      expect(byRoute.map((entry) => [entry.group, entry.requests])).toEqual([
        ['code', 2],
        ['chat', 3],
        [null, 1],
      ]);
      const byProvider = await context.store.usage({ organizationId: 'acme', groupBy: 'provider' });
      expect(byProvider.map((entry) => [entry.group, entry.requests])).toEqual([
        ['anthropic', 2],
        ['openai', 3],
        [null, 1],
      ]);
    });

    it('counts only the time range asked for, by key', async () => {
      expectUsage(
        await context.store.usage({ organizationId: 'acme', groupBy: 'key', from: at(2), to: at(5) }),
        [
          row('k2', {
            requests: 2,
            errors: 1,
            inputTokens: 700,
            outputTokens: 70,
            cacheReadTokens: 350,
            cacheWriteTokens: 2,
            reasoningTokens: 4,
            costUsd: 0.5,
            estimatedRequests: 1,
          }),
          row('k1', {
            requests: 1,
            errors: 1,
            inputTokens: 200,
            outputTokens: 20,
            cacheReadTokens: 100,
            cacheWriteTokens: 1,
            reasoningTokens: 2,
            costUsd: 0.001,
            unpricedRequests: 1,
            estimatedRequests: 1,
          }),
        ],
      );
    });

    it('rejects an unknown grouping', async () => {
      await expectStorageError(
        context.store.usage({ organizationId: 'acme', groupBy: 'colour' as never }),
        'invalid-input',
      );
    });
  });
}
