import { describe, it, expect } from 'vitest';
import type { UsageRow } from '../../storage/record-store.js';
import { useFakeAdminApi } from '../__fixtures__/fake-admin-api.js';
import { fixedNow, testContext } from '../__fixtures__/test-context.js';

const api = useFakeAdminApi();

function context(env: Record<string, string> = {}) {
  return testContext({
    env: { SWITCHYARD_URL: api.url, SWITCHYARD_ADMIN_TOKEN: 'admin-secret', TZ: 'UTC', ...env },
  });
}

function usageRow(overrides: Partial<UsageRow> = {}): UsageRow {
  return {
    group: 'gpt-4o',
    requests: 120,
    errors: 3,
    inputTokens: 150_000,
    outputTokens: 20_000,
    cacheReadTokens: 50_000,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    audioInputTokens: 0,
    audioOutputTokens: 0,
    webSearchRequests: 0,
    feeUsd: 0,
    costUsd: 0.5875,
    unpricedRequests: 0,
    estimatedRequests: 0,
    ...overrides,
  };
}

const day = 86_400_000;

describe('usage', () => {
  it('asks for the last 30 days by model by default and prints a table with a total', async () => {
    const from = fixedNow.getTime() - 30 * day;
    const unpriced = usageRow({
      group: 'mystery-model',
      requests: 2,
      errors: 0,
      costUsd: 0,
      unpricedRequests: 2,
    });
    api.answer({ status: 200, body: { groupBy: 'model', from, data: [usageRow(), unpriced] } });
    const result = await context().run('usage');
    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({ method: 'GET', url: `/admin/usage?from=${from}&groupBy=model` });
    expect(api.requests[0]?.headers.authorization).toBe('Bearer admin-secret');
    expect(result.stdout.split('\n')).toEqual([
      'Usage by model, 2025-05-02 12:00:00 to now:',
      '',
      'GROUP          REQUESTS  ERRORS    INPUT  OUTPUT   CACHED  REASONING    COST USD',
      'gpt-4o              120       3  150,000  20,000   50,000          0   $0.587500',
      'mystery-model         2       0  150,000  20,000   50,000          0  $0.000000+',
      'TOTAL               122       3  300,000  40,000  100,000          0  $0.587500+',
      '',
      '+ 2 requests had no price for some tokens: the cost shown is a lower bound (see `switchyard models`).',
      '',
    ]);
    expect(result.stderr).toBe('');
  });

  it('sends --by, --since, --from and --to', async () => {
    api.answer({ status: 200, body: { groupBy: 'team', data: [] } });
    const week = await context().run('usage', '--by', 'team', '--since', '7d');
    expect(api.requests[0]?.url).toBe(`/admin/usage?from=${fixedNow.getTime() - 7 * day}&groupBy=team`);
    expect(week.stdout).toBe('Usage by team, 2025-05-25 12:00:00 to now:\n\nNo requests in this period.\n');
    api.answer({ status: 200, body: { groupBy: 'provider', data: [] } });
    const month = await context({ TZ: 'Asia/Tokyo' }).run(
      'usage',
      '--by',
      'provider',
      '--from',
      '2025-05-01T00:00:00Z',
      '--to',
      String(Date.parse('2025-06-01T00:00:00Z')),
    );
    expect(api.requests[1]?.url).toBe(
      `/admin/usage?from=${Date.parse('2025-05-01T00:00:00Z')}&to=${Date.parse('2025-06-01T00:00:00Z')}&groupBy=provider`,
    );
    expect(month.stdout.split('\n')[0]).toBe(
      'Usage by provider, 2025-05-01 09:00:00 to 2025-06-01 09:00:00:',
    );
  });

  it('--json prints the answer as the gateway sent it', async () => {
    const answer = { groupBy: 'key', from: 1, to: 2, data: [usageRow({ group: 'key_1' })], note: 'extra' };
    api.answer({ status: 200, body: answer });
    const result = await context().run('usage', '--by', 'key', '--json');
    expect(result.stdout).toBe(`${JSON.stringify(answer, null, 2)}\n`);
  });

  it('refuses a bad --since or --by before calling the gateway', async () => {
    const since = await context().run('usage', '--since', '30s');
    expect(since).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'error: --since must look like 30m, 12h, 7d or 2w, got "30s"\n',
    });
    const by = await context().run('usage', '--by', 'user');
    expect(by.code).toBe(1);
    expect(by.stderr.split('\n')[0]).toBe(
      "error: option '--by <group>' argument 'user' is invalid. Allowed choices are key, team, model, route, provider.",
    );
    expect(api.requests).toHaveLength(0);
  });

  it('reports a rejected token and an unreadable answer in one line', async () => {
    api.answer({ status: 401, body: { error: { message: 'Invalid admin token.' } } });
    expect(await context().run('usage')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'error: the admin token was rejected\n',
    });
    api.answer({ status: 200, body: { groupBy: 'model', data: [{ group: 'x', requests: '12' }] } });
    expect((await context().run('usage')).stderr).toBe(
      `error: the gateway at ${api.url} sent an answer the CLI cannot read (GET /admin/usage)\n`,
    );
  });
});
