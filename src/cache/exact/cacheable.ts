// Which requests the exact cache may answer. A cached answer is replayed from one canonical
// response, so requests whose answers it cannot carry (several choices, log probabilities) always
// go upstream.

import type { Dialect } from '../../core/index.js';

/** Why this request is never served from or written to the cache; undefined: it may be. */
export function uncacheable(dialect: Dialect, body: Readonly<Record<string, unknown>>): string | undefined {
  if (dialect !== 'openai') return undefined;
  if (typeof body.n === 'number' && body.n > 1) return 'n > 1';
  if (body.logprobs === true || body.top_logprobs !== undefined) return 'logprobs';
  return undefined;
}
