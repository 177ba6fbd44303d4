import { describe, expect, it } from 'vitest';
import { useFakeAdminApi } from '../__fixtures__/fake-admin-api.js';
import { fixedNow, testContext } from '../__fixtures__/test-context.js';

const api = useFakeAdminApi();

function context(env: Record<string, string> = {}) {
  return testContext({
    env: { SWITCHYARD_URL: api.url, SWITCHYARD_ADMIN_TOKEN: 'admin-secret', TZ: 'UTC', ...env },
  });
}

const minute = 60_000;

function review(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'req_1',
    organizationId: 'default',
    teamId: null,
    projectId: null,
    keyId: 'key_1',
    receivedAt: fixedNow.getTime() - minute,
    createdAt: fixedNow.getTime() - minute + 40,
    route: 'support',
    model: 'support',
    checks: ['pii', 'injection'],
    status: 'pending',
    note: null,
    decidedBy: null,
    decidedByKeyId: null,
    decidedAt: null,
    ...overrides,
  };
}

function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'req_1',
    receivedAt: fixedNow.getTime() - minute,
    doneAt: fixedNow.getTime() - minute + 800,
    model: 'support',
    provider: 'openai',
    upstreamModel: 'gpt-4o-mini',
    status: 200,
    outcome: 'ok',
    usage: { inputTokens: 10, outputTokens: 5, source: 'provider' },
    cost: { usd: 0.0001 },
    guardrails: [
      { check: 'pii', stage: 'input', action: 'flag', found: { email: 1 }, latencyMs: 0.1 },
      { check: 'injection', stage: 'input', action: 'flag', score: 0.97, latencyMs: 0.2 },
      { check: 'leakage', stage: 'output', action: 'allow', latencyMs: 0.1 },
    ],
    bodyPolicy: 'full',
    prompt: JSON.stringify({ messages: [{ role: 'user', content: 'mail jane@example.com' }] }),
    response: 'You said: mail jane@example.com',
    ...overrides,
  };
}

describe('review list', () => {
  it('asks for pending items by default and prints a table in $TZ', async () => {
    api.answer({
      status: 200,
      body: {
        data: [
          review(),
          review({
            id: 'req_0',
            receivedAt: fixedNow.getTime() - 2 * minute,
            route: null,
            checks: ['webhook'],
          }),
        ],
      },
    });
    const result = await context().run('review', 'list');
    expect(api.requests[0]).toMatchObject({ method: 'GET', url: '/admin/reviews?status=pending' });
    expect(api.requests[0]?.headers.authorization).toBe('Bearer admin-secret');
    expect(result.stdout.split('\n')).toEqual([
      'TIME                 STATUS   ROUTE    MODEL    CHECKS          DECIDED BY  ID',
      '2025-06-01 11:59:00  pending  support  support  pii, injection  -           req_1',
      '2025-06-01 11:58:00  pending  -        support  webhook         -           req_0',
      '',
    ]);
    expect(result.code).toBe(0);
  });

  it('--status all asks for every status; --limit is sent; says when more match', async () => {
    api.answer({
      status: 200,
      body: { data: [review({ status: 'approved', decidedBy: 'alice' })], nextCursor: 'c1' },
    });
    const result = await context().run('review', 'list', '--status', 'all', '--limit', '1');
    expect(api.requests[0]?.url).toBe('/admin/reviews?limit=1');
    expect(result.stdout).toContain('approved');
    expect(result.stdout).toContain('alice');
    expect(result.stdout.endsWith('(more reviews match: --all prints every one)\n')).toBe(true);
  });

  it('--all follows the cursor; --json prints one item per line as the gateway sent it', async () => {
    const first = { ...review(), addedLater: true };
    api.answer({ status: 200, body: { data: [first], nextCursor: 'next page' } });
    api.answer({ status: 200, body: { data: [review({ id: 'req_0' })] } });
    const result = await context().run('review', 'list', '--status', 'rejected', '--all', '--json');
    expect(api.requests.map((request) => request.url)).toEqual([
      '/admin/reviews?status=rejected',
      '/admin/reviews?status=rejected&cursor=next+page',
    ]);
    expect(result.stdout.split('\n')).toEqual([
      JSON.stringify(first),
      JSON.stringify(review({ id: 'req_0' })),
      '',
    ]);
  });

  it('says so when the queue is empty', async () => {
    api.answer({ status: 200, body: { data: [] } });
    expect((await context().run('review', 'list')).stdout).toBe('No pending reviews.\n');
  });

  it('refuses a bad --status or --limit before calling the gateway', async () => {
    const status = await context().run('review', 'list', '--status', 'open');
    expect(status.code).toBe(1);
    expect(status.stderr).toContain("argument 'open' is invalid");
    const limit = await context().run('review', 'list', '--limit', '0');
    expect(limit).toMatchObject({
      code: 1,
      stderr: 'error: --limit must be a whole number from 1 to 1000, got "0"\n',
    });
    expect(api.requests).toHaveLength(0);
  });

  it('shows a hostile model name with its control characters escaped', async () => {
    api.answer({ status: 200, body: { data: [review({ model: 'gpt\u001b[2J' })] } });
    const result = await context().run('review', 'list');
    expect(result.stdout).toContain('gpt\\u001b[2J');
    expect(result.stdout).not.toContain('\u001b');
  });
});

describe('review show', () => {
  it('prints the decision, what each check found, and the bodies the log kept', async () => {
    api.answer({
      status: 200,
      body: {
        review: review({
          status: 'approved',
          decidedBy: 'alice',
          decidedAt: fixedNow.getTime(),
          note: 'fine\nreally',
        }),
        record: record(),
      },
    });
    const result = await context().run('review', 'show', 'req/1');
    expect(api.requests[0]).toMatchObject({ method: 'GET', url: '/admin/reviews/req%2F1' });
    expect(result.stdout.split('\n').slice(0, 12)).toEqual([
      'Review req_1: approved',
      'Received  2025-06-01 11:59:00',
      'Route     support (model support)',
      'Checks    pii, injection',
      'Decided   approved by alice at 2025-06-01 12:00:00',
      'Note      fine',
      '          really',
      'Flagged   pii (input): email 1; injection (input): score 0.97',
      'Status    200 ok',
      '',
      'Request (body policy: full):',
      '{',
    ]);
    expect(result.stdout).toContain('"content": "mail jane@example.com"');
    expect(result.stdout.endsWith('Response:\nYou said: mail jane@example.com\n')).toBe(true);
  });

  it('says when the body policy kept no body, or the record is gone; --json passes the answer on', async () => {
    api.answer({
      status: 200,
      body: { review: review(), record: record({ bodyPolicy: 'off', prompt: null, response: null }) },
    });
    const off = await context().run('review', 'show', 'req_1');
    expect(off.stdout).toContain("Request (body policy: off):\n(not kept: the route's body policy is off)");
    api.answer({ status: 200, body: { review: review(), record: null } });
    expect((await context().run('review', 'show', 'req_1')).stdout).toContain("the request's record is gone");
    const answer = { review: review(), record: record() };
    api.answer({ status: 200, body: answer });
    expect(JSON.parse((await context().run('review', 'show', 'req_1', '--json')).stdout)).toEqual(answer);
  });

  it('shows a held answer, the check that held it and where its delivery stands', async () => {
    const hold = {
      delivery: 'failed',
      callbackUrl: 'https://app.example/hooks',
      expiresAt: fixedNow.getTime() + 60 * minute,
      attempts: 5,
      lastError: 'status 500',
      updatedAt: fixedNow.getTime(),
    };
    const guardrails = [{ check: 'phrases', stage: 'output', action: 'hold', found: { 'phrase 1': 1 } }];
    const heldAnswer = { choices: [{ message: { content: 'Project Atlas ships in May.' } }] };
    api.answer({
      status: 200,
      body: {
        review: review({ checks: ['phrases'], status: 'approved', decidedBy: 'alice', hold }),
        record: record({ guardrails, bodyPolicy: 'metadata', prompt: null, response: null }),
        heldAnswer,
      },
    });
    const { stdout } = await context().run('review', 'show', 'req_1');
    expect(stdout).toContain(
      'Held      failed to https://app.example/hooks after 5 calls: status 500; kept until 2025-06-01 13:00:00',
    );
    expect(stdout).toContain('Held by   phrases (output): phrase 1 1');
    expect(stdout).toContain('Held answer (awaiting delivery):\n{');
    expect(stdout).toContain('"content": "Project Atlas ships in May."');
  });

  it('reports an unknown id', async () => {
    api.answer({ status: 404, body: { error: { message: 'No review with id "nope".' } } });
    expect(await context().run('review', 'show', 'nope')).toMatchObject({
      code: 1,
      stderr: 'error: no review with id "nope"\n',
    });
  });
});

describe('review approve and reject', () => {
  it('says what becomes of a held answer', async () => {
    const hold = (delivery: string, callbackUrl: string | null = 'https://app.example/hooks') => ({
      delivery,
      callbackUrl,
      expiresAt: fixedNow.getTime(),
      attempts: 0,
      lastError: null,
    });
    const cases: Array<[ReturnType<typeof hold>, string]> = [
      [hold('sending'), 'The decision is being delivered to https://app.example/hooks'],
      [hold('ready', null), 'The caller can now poll for the decision (GET /v1/reviews/<id>).'],
      [hold('expired'), 'The held answer had expired: nothing is delivered.'],
    ];
    for (const [state, said] of cases) {
      api.answer({ status: 200, body: review({ status: 'approved', decidedBy: 'alice', hold: state }) });
      const { stdout } = await context().run('review', 'approve', 'req_1');
      expect(stdout).toBe(
        `Approved review req_1 (by alice).\n${said}${said.endsWith('.') ? '' : ' (`switchyard review show` follows it).'}\n`,
      );
    }
  });

  it('posts the decision with its note and reviewer and says who decided', async () => {
    api.answer({ status: 200, body: review({ status: 'approved', decidedBy: 'alice', note: 'ok' }) });
    const result = await context().run('review', 'approve', 'req_1', '--note', 'ok', '--reviewer', ' alice ');
    expect(api.requests[0]).toMatchObject({ method: 'POST', url: '/admin/reviews/req_1' });
    expect(api.requests[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(api.requests[0]?.body ?? '')).toEqual({
      decision: 'approve',
      note: 'ok',
      reviewer: 'alice',
    });
    expect(result).toMatchObject({ code: 0, stdout: 'Approved review req_1 (by alice).\n' });
  });

  it('rejects without a note; --json prints the item', async () => {
    const rejected = review({ status: 'rejected', decidedBy: 'admin' });
    api.answer({ status: 200, body: rejected });
    const result = await context().run('review', 'reject', 'req_1', '--json');
    expect(JSON.parse(api.requests[0]?.body ?? '')).toEqual({ decision: 'reject' });
    expect(JSON.parse(result.stdout)).toEqual(rejected);
  });

  it("relays the gateway's 409: a decision is final", async () => {
    const message =
      'Review "req_1" was already approved by alice at 2025-06-01T12:00:00.000Z; a decision is final.';
    api.answer({
      status: 409,
      body: { error: { message, type: 'invalid_request_error', code: 'conflict' } },
    });
    expect(await context().run('review', 'reject', 'req_1')).toMatchObject({
      code: 1,
      stderr: `error: ${message}\n`,
    });
  });

  it('refuses an oversize note, an empty reviewer or an empty id before calling the gateway', async () => {
    const long = await context().run('review', 'approve', 'req_1', '--note', 'x'.repeat(4001));
    expect(long).toMatchObject({
      code: 1,
      stderr: 'error: --note is limited to 4000 characters, got 4001\n',
    });
    const reviewer = await context().run('review', 'reject', 'req_1', '--reviewer', '   ');
    expect(reviewer.stderr).toBe('error: --reviewer must be 1 to 200 characters\n');
    expect((await context().run('review', 'approve', ' ')).stderr).toBe(
      'error: the review id cannot be empty\n',
    );
    expect(api.requests).toHaveLength(0);
  });
});

describe('review redeliver', () => {
  const failedThenSending = {
    delivery: 'sending',
    callbackUrl: 'https://app.example/hooks',
    expiresAt: fixedNow.getTime() + minute,
    attempts: 0,
    lastError: null,
  };

  it('asks the gateway to send a failed delivery again and says where it goes', async () => {
    api.answer({
      status: 202,
      body: review({ status: 'approved', decidedBy: 'alice', hold: failedThenSending }),
    });
    const result = await context().run('review', 'redeliver', 'req/1');
    expect(api.requests[0]).toMatchObject({ method: 'POST', url: '/admin/reviews/req%2F1/redeliver' });
    expect(result).toMatchObject({
      code: 0,
      stdout:
        'Delivering the decision on review req_1 to https://app.example/hooks again (`switchyard review show` follows it).\n',
    });
  });

  it('prints the item with --json', async () => {
    const item = review({ status: 'rejected', decidedBy: 'bob', hold: failedThenSending });
    api.answer({ status: 202, body: item });
    const result = await context().run('review', 'redeliver', 'req_1', '--json');
    expect(JSON.parse(result.stdout)).toEqual(item);
  });

  it("relays the gateway's 409 and 404, and refuses an empty id before calling it", async () => {
    const message = 'Review "req_1" was already delivered: only a failed delivery can be sent again.';
    api.answer({
      status: 409,
      body: { error: { message, type: 'invalid_request_error', code: 'conflict' } },
    });
    expect(await context().run('review', 'redeliver', 'req_1')).toMatchObject({
      code: 1,
      stderr: `error: ${message}\n`,
    });
    api.answer({
      status: 404,
      body: {
        error: { message: 'No review with id "nope".', type: 'invalid_request_error', code: 'not_found' },
      },
    });
    expect((await context().run('review', 'redeliver', 'nope')).stderr).toBe(
      'error: no review with id "nope"\n',
    );
    const requests = api.requests.length;
    expect((await context().run('review', 'redeliver', ' ')).stderr).toBe(
      'error: the review id cannot be empty\n',
    );
    expect(api.requests).toHaveLength(requests);
  });
});

describe('review help', () => {
  it('lists the five commands, each with its options and an example', async () => {
    const group = await testContext().run('review', '--help');
    for (const command of ['list', 'show', 'approve', 'reject', 'redeliver'])
      expect(group.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    const approve = await testContext().run('review', 'approve', '--help');
    expect(approve.stdout.split('\n')[0]).toBe('Usage: switchyard review approve [options] <id>');
    for (const text of [
      '--note <text>',
      '--reviewer <name>',
      '--url <url>',
      '--admin-token <token>',
      '--json',
      'Example:',
    ])
      expect(approve.stdout).toContain(text);
    const list = await testContext().run('review', 'list', '--help');
    expect(list.stdout.replace(/\s+/g, ' ')).toContain(
      '(choices: "pending", "approved", "rejected", "all", default: "pending")',
    );
  });
});
