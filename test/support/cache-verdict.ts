// Asking a gateway for a chat completion and reading its cache verdict (x-switchyard-cache), and
// waiting for a stored answer: the cache writes after the answer went out.

import { expect } from 'vitest';

export interface CacheVerdict {
  status: number;
  /** `hit`, `miss`, `bypass`, or null when the route has no cache. */
  cache: string | null;
  text: string;
  response: Response;
}

/** POST `body` (a string is sent as it is) to `path` on `gateway`, with its virtual key. */
export async function postWithKey(
  gateway: { url: string; key: string },
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<CacheVerdict> {
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, cache: response.headers.get('x-switchyard-cache'), text, response };
}

/** A chat completion: what postWithKey gives for `/v1/chat/completions`. */
export function postChat(
  url: string,
  key: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<CacheVerdict> {
  return postWithKey({ url, key }, '/v1/chat/completions', body, headers);
}

/** Ask with `read` until the answer is a hit (3 s at most). */
export async function untilHit(read: () => Promise<{ cache: string | null }>): Promise<void> {
  await expect.poll(async () => (await read()).cache, { timeout: 3000 }).toBe('hit');
}
