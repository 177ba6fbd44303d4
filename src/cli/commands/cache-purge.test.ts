import { describe, expect, it } from 'vitest';
import { useFakeAdminApi } from '../__fixtures__/fake-admin-api.js';
import { testContext } from '../__fixtures__/test-context.js';

const api = useFakeAdminApi();

function context() {
  return testContext({ env: { SWITCHYARD_URL: api.url, SWITCHYARD_ADMIN_TOKEN: 'admin-secret' } });
}

describe('cache purge', () => {
  it('sends the filters and says how many answers went', async () => {
    api.answer({ status: 200, body: { deleted: 3 } });
    const result = await context().run(
      'cache',
      'purge',
      '--route',
      'support bot',
      '--namespace',
      'tenant-42',
    );
    expect(api.requests[0]).toMatchObject({
      method: 'DELETE',
      url: '/admin/cache?route=support+bot&namespace=tenant-42',
    });
    expect(result).toMatchObject({ code: 0, stdout: 'Dropped 3 cached answers.\n' });
  });

  it('purges everything only with --all, and prints JSON with --json', async () => {
    api.answer({ status: 200, body: { deleted: 1 } });
    const result = await context().run('cache', 'purge', '--all', '--json');
    expect(api.requests[0]).toMatchObject({ method: 'DELETE', url: '/admin/cache?all=true' });
    expect(JSON.parse(result.stdout)).toEqual({ deleted: 1 });
  });

  it.each([
    [[], 'say what to purge: --route, --model or --namespace, or --all for every entry'],
    [['--all', '--model', 'gpt-4o'], 'give --route, --model or --namespace, or --all, not both'],
    [['--route', ' '], '--route cannot be empty'],
  ])('refuses %j before calling the gateway', async (args, message) => {
    const result = await context().run('cache', 'purge', ...args);
    expect(result).toMatchObject({ code: 1, stderr: `error: ${message}\n` });
    expect(api.requests).toHaveLength(0);
  });
});
