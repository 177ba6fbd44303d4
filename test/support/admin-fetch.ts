// A request to a test gateway's admin API, with its admin token unless another is given (a virtual
// key, a wrong token: to check the admin API refuses them). A body is sent as JSON.

import type { TestGateway } from './test-gateway.js';

export function adminFetch(
  gateway: Pick<TestGateway, 'url' | 'adminToken'>,
  path: string,
  init: RequestInit = {},
  token = gateway.adminToken,
): Promise<Response> {
  const json: Record<string, string> = init.body === undefined ? {} : { 'content-type': 'application/json' };
  return fetch(`${gateway.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...json, ...init.headers },
  });
}
