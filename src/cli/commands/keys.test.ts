import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, expect } from 'vitest';
import { keyRecord, useFakeAdminApi } from '../__fixtures__/fake-admin-api.js';
import { fixedNow, testContext } from '../__fixtures__/test-context.js';

const api = useFakeAdminApi();

function context(env: Record<string, string> = {}) {
  return testContext({ env: { SWITCHYARD_URL: api.url, SWITCHYARD_ADMIN_TOKEN: 'admin-secret', ...env } });
}

describe('keys create', () => {
  it('posts the name, scope and expiry, authenticates, and shows the key once', async () => {
    const record = keyRecord({
      scope: { organizationId: 'org_default', teamId: 'payments', projectId: 'web' },
      expiresAt: '2025-07-01T12:00:00.000Z',
    });
    api.answer({ status: 201, body: { key: 'sy-abc-SECRET', record } });
    const result = await context().run(
      'keys',
      'create',
      '--name',
      'checkout',
      '--team',
      'payments',
      '--project',
      'web',
      '--expires-in',
      '30d',
    );
    expect(result.code).toBe(0);
    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/admin/keys');
    expect(request?.headers.authorization).toBe('Bearer admin-secret');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      name: 'checkout',
      teamId: 'payments',
      projectId: 'web',
      expiresAt: new Date(fixedNow.getTime() + 30 * 86_400_000).toISOString(),
    });
    expect(result.stdout).toBe(
      'Created key "checkout" (id key_1, team payments, project web, expires 2025-07-01 12:00Z).\n\n  sy-abc-SECRET\n\nCopy it now: it will not be shown again.\n',
    );
    expect(result.stderr).toBe('');
  });

  it('sends only the name when nothing else is given, and --json prints the answer alone', async () => {
    const answer = { key: 'sy-k', record: keyRecord() };
    api.answer({ status: 201, body: answer });
    const result = await context().run('keys', 'create', '--name', 'ci', '--json');
    expect(JSON.parse(api.requests[0]?.body ?? '')).toEqual({ name: 'ci' });
    expect(JSON.parse(result.stdout)).toEqual(answer);
  });

  it('rejects a bad --expires-in or an empty --name before calling the gateway', async () => {
    const bad = await context().run('keys', 'create', '--name', 'x', '--expires-in', '30 days');
    expect(bad).toMatchObject({
      code: 1,
      stderr: 'error: --expires-in must look like 90m, 12h, 30d or 2w, got "30 days"\n',
    });
    const empty = await context().run('keys', 'create', '--name', '  ');
    expect(empty).toMatchObject({ code: 1, stderr: 'error: --name cannot be empty\n' });
    const missing = await context().run('keys', 'create');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("required option '--name <name>' not specified");
    expect(api.requests).toHaveLength(0);
  });
});

describe('keys list', () => {
  it('asks for active keys by default and prints a table with each status', async () => {
    api.answer({
      status: 200,
      body: {
        data: [
          keyRecord(),
          keyRecord({
            id: 'key_2',
            name: 'old',
            prefix: 'sy-def',
            expiresAt: '2025-05-31T00:00:00Z',
            scope: { organizationId: 'o', teamId: 'search', projectId: null },
          }),
        ],
      },
    });
    const result = await context().run('keys', 'list');
    expect(api.requests[0]?.url).toBe('/admin/keys?includeRevoked=false');
    expect(api.requests[0]?.method).toBe('GET');
    expect(result.stdout.split('\n')).toEqual([
      'ID     NAME      PREFIX     TEAM    PROJECT  CREATED            EXPIRES            STATUS',
      'key_1  checkout  sy-abc...  -       -        2025-05-01 08:30Z  -                  active',
      'key_2  old       sy-def...  search  -        2025-05-01 08:30Z  2025-05-31 00:00Z  expired',
      '',
    ]);
  });

  it('--all includes revoked keys; --json prints {data}', async () => {
    const data = [keyRecord({ revokedAt: '2025-05-20T00:00:00Z' })];
    api.answer({ status: 200, body: { data } });
    const result = await context().run('keys', 'list', '--all', '--json');
    expect(api.requests[0]?.url).toBe('/admin/keys?includeRevoked=true');
    expect(JSON.parse(result.stdout)).toEqual({ data });
    api.answer({ status: 200, body: { data } });
    expect((await context().run('keys', 'list', '--all')).stdout).toContain('revoked');
  });

  it('says so when there are no keys', async () => {
    api.answer({ status: 200, body: { data: [] } });
    expect((await context().run('keys', 'list')).stdout).toBe(
      'No active keys (--all includes revoked ones).\n',
    );
  });
});

describe('keys revoke', () => {
  it('deletes the key by its encoded id', async () => {
    api.answer({ status: 200, body: { id: 'key/1', revoked: true } });
    const result = await context().run('keys', 'revoke', 'key/1');
    expect(api.requests[0]).toMatchObject({ method: 'DELETE', url: '/admin/keys/key%2F1' });
    expect(result).toMatchObject({ code: 0, stdout: 'Revoked key key/1.\n' });
    api.answer({ status: 200, body: { id: 'key_1', revoked: true } });
    expect(JSON.parse((await context().run('keys', 'revoke', 'key_1', '--json')).stdout)).toEqual({
      id: 'key_1',
      revoked: true,
    });
  });

  it('reports an unknown id from the OpenAI-shaped 404', async () => {
    api.answer({
      status: 404,
      body: { error: { message: 'No such key', type: 'invalid_request_error', param: null, code: null } },
    });
    expect(await context().run('keys', 'revoke', 'key_404')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'error: no key with id "key_404"\n',
    });
  });
});

describe('keys commands against a failing or missing gateway', () => {
  it('explains a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await context({ SWITCHYARD_URL: `http://127.0.0.1:${port}` }).run('keys', 'list');
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `error: no gateway at http://127.0.0.1:${port}: is \`switchyard serve\` running?\n`,
    });
  });

  it('says the token was rejected on 401, and that one is needed when none was given', async () => {
    api.answer({ status: 401, body: { error: { message: 'bad token' } } });
    expect((await context().run('keys', 'list')).stderr).toBe('error: the admin token was rejected\n');
    api.answer({ status: 401, body: { error: { message: 'missing token' } } });
    const withoutToken = await testContext({ env: { SWITCHYARD_URL: api.url } }).run('keys', 'list');
    expect(withoutToken.stderr).toBe(
      'error: the admin API needs a token: pass --admin-token or set SWITCHYARD_ADMIN_TOKEN\n',
    );
    expect(api.requests[1]?.headers.authorization).toBeUndefined();
  });

  it('prefers --url and --admin-token over the environment, and keeps a path prefix', async () => {
    api.answer({ status: 200, body: { data: [] } });
    const result = await context({ SWITCHYARD_URL: 'http://127.0.0.1:1' }).run(
      'keys',
      'list',
      '--url',
      `${api.url}/gateway`,
      '--admin-token',
      'flag-token',
    );
    expect(result.code).toBe(0);
    expect(api.requests[0]?.url).toBe('/gateway/admin/keys?includeRevoked=false');
    expect(api.requests[0]?.headers.authorization).toBe('Bearer flag-token');
  });

  it('relays the message of other errors on one line', async () => {
    api.answer({ status: 500, body: { error: { message: 'database is\nlocked' } } });
    expect((await context().run('keys', 'list')).stderr).toBe(
      'error: the gateway answered 500: database is locked\n',
    );
    api.answer({ status: 403, body: { error: { message: 'role viewer cannot create keys' } } });
    expect((await context().run('keys', 'create', '--name', 'x')).stderr).toBe(
      'error: the admin token may not do this: role viewer cannot create keys\n',
    );
  });

  it('refuses answers it cannot read instead of crashing', async () => {
    api.answer({ status: 200, body: '<html>proxy login</html>', raw: true });
    expect((await context().run('keys', 'list')).stderr).toBe(
      `error: the gateway at ${api.url} sent an answer the CLI cannot read (GET /admin/keys)\n`,
    );
    api.answer({ status: 200, body: { data: [{ id: 1 }] } });
    expect((await context().run('keys', 'list')).code).toBe(1);
    api.answer({ status: 404, body: 'Not Found', raw: true });
    expect((await context().run('keys', 'revoke', 'k')).stderr).toBe(
      `error: the gateway at ${api.url} has no /admin/keys/k (is --url a Switchyard gateway?)\n`,
    );
  });

  it('rejects a --url that is not http(s)', async () => {
    expect((await context().run('keys', 'list', '--url', 'ftp://x')).stderr).toBe(
      'error: --url must be an http(s) URL such as http://127.0.0.1:8787, got "ftp://x"\n',
    );
    expect((await context().run('keys', 'list', '--url', 'localhost:8787')).code).toBe(1);
  });
});
