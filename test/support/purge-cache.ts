// Dropping cached answers through the admin API (DELETE /admin/cache), as an operator would.

import type { TestGateway } from './test-gateway.js';

/** `query`: what to drop, e.g. `namespace=a`, `model=chat`, `all=true`. Gives the answer's JSON. */
export async function purgeCache(
  gateway: Pick<TestGateway, 'url' | 'adminToken'>,
  query: string,
): Promise<{ deleted: number }> {
  const response = await fetch(`${gateway.url}/admin/cache?${query}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${gateway.adminToken}` },
  });
  return (await response.json()) as { deleted: number };
}
