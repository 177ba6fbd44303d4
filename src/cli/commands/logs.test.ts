import { describe, it, expect, vi } from 'vitest';
import type { RequestRecord } from '../../telemetry/request-record.js';
import { startFakeAdminApi, useFakeAdminApi } from '../__fixtures__/fake-admin-api.js';
import { fixedNow, testContext } from '../__fixtures__/test-context.js';

const api = useFakeAdminApi();

// Asia/Kolkata is UTC+05:30 all year: a fixed, non-whole-hour offset the time column must apply.
function context(env: Record<string, string> = {}, url = api.url) {
  return testContext({
    env: { SWITCHYARD_URL: url, SWITCHYARD_ADMIN_TOKEN: 'admin-secret', TZ: 'Asia/Kolkata', ...env },
  });
}

const minute = 60_000;

function requestRecord(overrides: Partial<RequestRecord> = {}): RequestRecord {
  const receivedAt = fixedNow.getTime() - minute;
  return {
    id: 'req_1',
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    parentSpanId: null,
    organizationId: 'org_default',
    teamId: 'payments',
    projectId: null,
    keyId: 'key_1',
    sessionId: null,
    workflowId: null,
    receivedAt,
    firstTokenAt: receivedAt + 300,
    doneAt: receivedAt + 850,
    operation: 'chat',
    dialect: 'openai',
    stream: false,
    model: 'gpt-4o',
    route: 'gpt-4o',
    configVersion: 1,
    provider: 'openai',
    providerType: 'openai',
    upstreamModel: 'gpt-4o-2024-08-06',
    responseModel: 'gpt-4o-2024-08-06',
    status: 200,
    outcome: 'ok',
    errorCode: null,
    errorMessage: null,
    finishReason: 'stop',
    cache: 'miss',
    semantic: null,
    guardrails: [],
    usage: {
      inputTokens: 1200,
      outputTokens: 350,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      source: 'provider',
    },
    cost: {
      usd: 0.00655,
      knownUsd: 0.00655,
      unknown: [],
      tier: 'base',
      lines: [],
      catalogVersion: '2025-06-01',
    },
    bodyPolicy: 'metadata',
    prompt: null,
    response: null,
    attempts: [],
    ...overrides,
  };
}

const estimated = requestRecord({
  id: 'req_2',
  receivedAt: fixedNow.getTime() - 2 * minute + 250,
  doneAt: fixedNow.getTime() - 2 * minute + 1450,
  model: 'claude-sonnet',
  provider: 'anthropic',
  upstreamModel: 'claude-sonnet-4-20250514',
  usage: { inputTokens: 800, outputTokens: 40, cacheReadTokens: 0, cacheWriteTokens: 0, source: 'estimated' },
  cost: { usd: null, knownUsd: 0, unknown: ['model'], tier: 'base', lines: [], catalogVersion: '2025-06-01' },
});

const refused = requestRecord({
  id: 'req_3',
  receivedAt: fixedNow.getTime() - 3 * minute,
  doneAt: fixedNow.getTime() - 3 * minute + 3,
  model: 'gpt-5-mini',
  provider: null,
  providerType: null,
  upstreamModel: null,
  status: 404,
  outcome: 'error',
  usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, source: 'none' },
  cost: { usd: 0, knownUsd: 0, unknown: [], tier: 'base', lines: [], catalogVersion: '2025-06-01' },
});

describe('logs: the query sent', () => {
  it('asks for the newest page with no filter, authenticated', async () => {
    api.answer({ status: 200, body: { data: [] } });
    const result = await context().run('logs');
    expect(result).toMatchObject({ code: 0, stdout: 'No records match.\n', stderr: '' });
    expect(api.requests[0]).toMatchObject({ method: 'GET', url: '/admin/records' });
    expect(api.requests[0]?.headers.authorization).toBe('Bearer admin-secret');
  });

  it('sends every filter option under its API name', async () => {
    api.answer({ status: 200, body: { data: [] } });
    const result = await context().run(
      'logs',
      '--since',
      '1h',
      '--key',
      'key_1',
      '--team',
      'payments',
      '--model',
      'gpt-4o',
      '--route',
      'chat',
      '--status',
      '5XX',
      '--outcome',
      'error',
      '--cache',
      'semantic-hit',
      '--semantic',
      'served',
      '--min-cost',
      '0.01',
      '--max-cost',
      '2.5',
      '--search',
      'refund policy & terms',
      '--session',
      'sess 1',
      '--trace',
      '4BF92F3577B34DA6A3CE929D0E0E4736',
      '--limit',
      '20',
    );
    expect(result.code).toBe(0);
    const from = fixedNow.getTime() - 3_600_000;
    expect(api.requests[0]?.url).toBe(
      `/admin/records?from=${from}&key=key_1&team=payments&model=gpt-4o&route=chat&status=5xx&outcome=error` +
        '&cache=semantic-hit&semantic=served&minCost=0.01&maxCost=2.5&q=refund+policy+%26+terms&session=sess+1' +
        '&trace=4bf92f3577b34da6a3ce929d0e0e4736&limit=20',
    );
  });

  it('turns --from / --to (ISO-8601 or epoch ms) into epoch ms and keeps an exact --status', async () => {
    api.answer({ status: 200, body: { data: [] } });
    await context().run(
      'logs',
      '--from',
      '2025-05-31T22:00:00+02:00',
      '--to',
      '1748779200000',
      '--status',
      '429',
    );
    expect(api.requests[0]?.url).toBe(
      `/admin/records?from=${Date.parse('2025-05-31T20:00:00Z')}&to=1748779200000&status=429`,
    );
  });
});

describe('logs: output', () => {
  it('prints a table, newest first, in the local time zone, marking estimates and unknown costs', async () => {
    api.answer({ status: 200, body: { data: [requestRecord(), estimated, refused] } });
    const result = await context().run('logs');
    expect(result.stdout.split('\n')).toEqual([
      'TIME                 STATUS  OUTCOME  MODEL                                                IN    OUT  COST       MS    ID',
      '2025-06-01 17:29:00  200     ok       gpt-4o -> openai/gpt-4o-2024-08-06                   1200  350  $0.006550  850   req_1',
      '2025-06-01 17:28:00  200     ok       claude-sonnet -> anthropic/claude-sonnet-4-20250514  ~800  ~40  ?          1200  req_2',
      '2025-06-01 17:27:00  404     error    gpt-5-mini                                           0     0    $0.000000  3     req_3',
      '',
    ]);
  });

  it('follows $TZ: the same record in UTC', async () => {
    api.answer({ status: 200, body: { data: [requestRecord()] } });
    const result = await context({ TZ: 'UTC' }).run('logs');
    expect(result.stdout.split('\n')[1]).toMatch(/^2025-06-01 11:59:00 {2}200/);
  });

  it('--json prints one record per line, exactly as the gateway sent it', async () => {
    const withExtra = { ...requestRecord(), addedLater: { x: 1 } };
    api.answer({ status: 200, body: { data: [withExtra, estimated], nextCursor: 'c1' } });
    const result = await context().run('logs', '--json');
    const lines = result.stdout.split('\n');
    expect(lines).toEqual([JSON.stringify(withExtra), JSON.stringify(estimated), '']);
    expect(result.stderr).toBe('');
  });

  it('says when more records match than the page holds', async () => {
    api.answer({ status: 200, body: { data: [requestRecord()], nextCursor: 'c1' } });
    const result = await context().run('logs', '--limit', '1');
    expect(result.stdout).toContain('req_1');
    expect(
      result.stdout.endsWith(
        '(more records match: --all prints every one, --since or filters narrow them)\n',
      ),
    ).toBe(true);
  });
});

describe('logs --all', () => {
  it('follows the cursor to the last page and prints one table', async () => {
    api.answer({ status: 200, body: { data: [requestRecord()], nextCursor: 'cursor/1' } });
    api.answer({ status: 200, body: { data: [estimated], nextCursor: 'cursor-2' } });
    api.answer({ status: 200, body: { data: [refused] } });
    const result = await context().run('logs', '--all', '--limit', '1', '--model', 'm');
    expect(result.code).toBe(0);
    expect(api.requests.map((request) => request.url)).toEqual([
      '/admin/records?model=m&limit=1',
      '/admin/records?model=m&limit=1&cursor=cursor%2F1',
      '/admin/records?model=m&limit=1&cursor=cursor-2',
    ]);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.map((line) => line.split(/\s+/).at(-1))).toEqual(['ID', 'req_1', 'req_2', 'req_3']);
    expect(result.stdout).not.toContain('more records match');
  });

  it('streams JSON Lines page by page', async () => {
    api.answer({ status: 200, body: { data: [requestRecord(), estimated], nextCursor: 'c' } });
    api.answer({ status: 200, body: { data: [refused] } });
    const result = await context().run('logs', '--all', '--json');
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as RequestRecord).id),
    ).toEqual(['req_1', 'req_2', 'req_3']);
  });
});

describe('logs --follow', () => {
  it('prints the newest page oldest first, then each new record once, until Ctrl-C', async () => {
    const tailed = await startFakeAdminApi();
    try {
      const newer = requestRecord({
        id: 'req_0',
        receivedAt: fixedNow.getTime(),
        doneAt: fixedNow.getTime() + 5,
      });
      tailed.answer({ status: 200, body: { data: [requestRecord(), estimated] } });
      // The poll asks from the newest seen, inclusive: req_1 comes back and must not print twice.
      tailed.answer({ status: 200, body: { data: [newer, requestRecord()] } });
      for (let index = 0; index < 50; index += 1) tailed.answer({ status: 200, body: { data: [] } });
      const follower = context({}, tailed.url);
      const running = follower.run('logs', '-f', '--json', '--interval', '100ms', '--team', 'payments');
      await vi.waitFor(() => expect(tailed.requests.length).toBeGreaterThanOrEqual(3), {
        timeout: 5000,
        interval: 20,
      });
      follower.signals.emit('SIGINT');
      const result = await running;
      expect(result.code).toBe(0);
      expect(
        result.stdout
          .trimEnd()
          .split('\n')
          .map((line) => (JSON.parse(line) as RequestRecord).id),
      ).toEqual(['req_2', 'req_1', 'req_0']);
      expect(result.stderr).toBe('Following new requests every 0.1s; Ctrl-C to stop.\n');
      expect(tailed.requests[0]?.url).toBe('/admin/records?team=payments');
      const newest = requestRecord().receivedAt;
      expect(tailed.requests[1]?.url).toBe(`/admin/records?from=${newest}&team=payments&limit=1000`);
      expect(tailed.requests[2]?.url).toBe(
        `/admin/records?from=${fixedNow.getTime()}&team=payments&limit=1000`,
      );
      expect(follower.exits).toEqual([]);
    } finally {
      await tailed.close();
    }
  });

  it('prints the table header once, with new rows under it', async () => {
    const tailed = await startFakeAdminApi();
    try {
      tailed.answer({ status: 200, body: { data: [] } });
      tailed.answer({ status: 200, body: { data: [requestRecord()] } });
      for (let index = 0; index < 50; index += 1) tailed.answer({ status: 200, body: { data: [] } });
      const follower = context({}, tailed.url);
      const running = follower.run('logs', '--follow', '--interval', '0.1');
      await vi.waitFor(() => expect(follower.output.stdout).toContain('req_1'), {
        timeout: 5000,
        interval: 20,
      });
      follower.signals.emit('SIGINT');
      const result = await running;
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^TIME\s+STATUS\s+OUTCOME\s+MODEL/);
      expect(lines[1]).toMatch(/^2025-06-01 17:29:00\s+200\s+ok\s+gpt-4o -> openai\/gpt-4o-2024-08-06/);
      // Nothing matched at first, so the poll keeps the user's filter alone (no clock guess).
      expect(tailed.requests[1]?.url).toBe('/admin/records?limit=1000');
    } finally {
      await tailed.close();
    }
  });

  it('refuses combinations that make no sense with a tail', async () => {
    const all = await context().run('logs', '-f', '--all');
    expect(all).toMatchObject({ code: 1, stderr: 'error: --follow and --all cannot be used together\n' });
    const to = await context().run('logs', '-f', '--to', '2025-06-01');
    expect(to.stderr).toBe('error: --follow shows new records: it cannot be used with --to\n');
    const interval = await context().run('logs', '--interval', '5s');
    expect(interval.stderr).toBe('error: --interval only applies to --follow\n');
    const fast = await context().run('logs', '-f', '--interval', '10ms');
    expect(fast.stderr).toBe(
      'error: --interval must be between 100ms and 1h, such as 2s or 500ms, got "10ms"\n',
    );
    expect(api.requests).toHaveLength(0);
  });
});

describe('logs show', () => {
  it('prints one record as pretty JSON, fetched by its encoded id', async () => {
    const record = { ...requestRecord({ id: 'req/9' }), extra: true };
    api.answer({ status: 200, body: record });
    const result = await context().run('logs', 'show', 'req/9');
    expect(api.requests[0]).toMatchObject({ method: 'GET', url: '/admin/records/req%2F9' });
    expect(result).toMatchObject({ code: 0, stdout: `${JSON.stringify(record, null, 2)}\n`, stderr: '' });
  });

  it('takes --url and --admin-token before or after the id', async () => {
    api.answer({ status: 200, body: requestRecord() });
    const after = await context({ SWITCHYARD_URL: 'http://127.0.0.1:1' }).run(
      'logs',
      'show',
      'req_1',
      '--url',
      api.url,
      '--admin-token',
      'other',
    );
    expect(after.code).toBe(0);
    expect(api.requests[0]?.headers.authorization).toBe('Bearer other');
    api.answer({ status: 200, body: requestRecord() });
    const before = await context({ SWITCHYARD_URL: 'http://127.0.0.1:1' }).run(
      'logs',
      '--url',
      api.url,
      'show',
      'req_1',
    );
    expect(before.code).toBe(0);
    expect(api.requests).toHaveLength(2);
  });

  it('reports an unknown id, and refuses list filters it would ignore', async () => {
    api.answer({
      status: 404,
      body: { error: { message: 'No record with id "nope".', type: 'invalid_request_error' } },
    });
    expect(await context().run('logs', 'show', 'nope')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'error: no record with id "nope"\n',
    });
    const stray = await context().run('logs', 'show', 'req_1', '--since', '1h');
    expect(stray).toMatchObject({
      code: 1,
      stderr: 'error: `logs show` takes only --url, --admin-token and --json\n',
    });
    expect(api.requests).toHaveLength(1);
  });
});
