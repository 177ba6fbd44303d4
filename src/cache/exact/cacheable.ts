// Which requests the exact cache may answer. A cached answer is replayed from one canonical
// response (as JSON or as a stream, whichever the next caller asks for), so requests whose answers
// it cannot carry always go upstream: several choices, log probabilities, audio and web-search
// annotations (OpenAI), server-tool blocks and citations (Anthropic); see core/uncarried-features.

import { uncarriedFeature, type Dialect } from '../../core/index.js';

/** Why this request is never served from or written to the cache; undefined: it may be. */
export function uncacheable(dialect: Dialect, body: Readonly<Record<string, unknown>>): string | undefined {
  return uncarriedFeature(dialect, body)?.what;
}
