import { describe, it, expect } from 'vitest';
import { useFakeAdminApi } from '../__fixtures__/fake-admin-api.js';
import { testContext } from '../__fixtures__/test-context.js';

const api = useFakeAdminApi();

function context() {
  return testContext({ env: { SWITCHYARD_URL: api.url, SWITCHYARD_ADMIN_TOKEN: 'admin-secret' } });
}

describe('logs: failures', () => {
  it.each([
    [['--since', '1 hour'], '--since must look like 30m, 12h, 7d or 2w, got "1 hour"'],
    [['--since', '1h', '--from', '2025-06-01'], '--since and --from cannot be used together'],
    [
      ['--from', 'yesterday'],
      '--from must be an ISO-8601 time (2025-06-01T09:00:00Z) or epoch milliseconds, got "yesterday"',
    ],
    [
      ['--from', '2025-06-02', '--to', '2025-06-01'],
      'the time range is empty: --to must be later than --from (or --since)',
    ],
    [['--status', '600'], '--status must be an HTTP status such as 500 or a class 2xx, 4xx, 5xx, got "600"'],
    [['--status', '3xx'], '--status must be an HTTP status such as 500 or a class 2xx, 4xx, 5xx, got "3xx"'],
    [['--min-cost', '-1'], '--min-cost must be an amount in USD such as 0.05, got "-1"'],
    [['--min-cost', '2', '--max-cost', '1'], '--min-cost cannot be more than --max-cost'],
    [['--trace', 'abc'], '--trace must be a trace id of 32 hex digits (as in a traceparent), got "abc"'],
    [['--limit', '0'], '--limit must be a whole number from 1 to 1000, got "0"'],
    [['--limit', '1001'], '--limit must be a whole number from 1 to 1000, got "1001"'],
    [['--search', '  '], '--search cannot be empty'],
  ])('refuses %j before calling the gateway', async (argv, message) => {
    const result = await context().run('logs', ...argv);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: `error: ${message}\n` });
    expect(api.requests).toHaveLength(0);
  });

  it('lets commander refuse an unknown --outcome, naming the choices', async () => {
    const result = await context().run('logs', '--outcome', 'failed');
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(
      "error: option '--outcome <outcome>' argument 'failed' is invalid. Allowed choices are ok, error, cancelled.",
    );
  });

  it('says the token was rejected on 401', async () => {
    api.answer({ status: 401, body: { error: { message: 'Invalid admin token.' } } });
    expect(await context().run('logs')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'error: the admin token was rejected\n',
    });
  });

  it('explains a gateway whose request log is off, and relays a refused query', async () => {
    api.answer({
      status: 404,
      body: { error: { message: 'The request log is off (records.enabled: false).' } },
    });
    expect((await context().run('logs')).stderr).toBe(
      'error: the gateway has no request log: The request log is off (records.enabled: false).\n',
    );
    api.answer({
      status: 400,
      body: { error: { message: 'cursor: this cursor belongs to another filter' } },
    });
    expect((await context().run('logs')).stderr).toBe(
      'error: the gateway answered 400: cursor: this cursor belongs to another filter\n',
    );
  });

  it('refuses a record it cannot print instead of crashing mid-table', async () => {
    api.answer({ status: 200, body: { data: [{ id: 'req_1', receivedAt: 1, usage: null }] } });
    expect(await context().run('logs')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `error: the gateway at ${api.url} sent an answer the CLI cannot read (GET /admin/records)\n`,
    });
  });
});
