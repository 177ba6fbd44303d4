// One entry of the exact cache: a complete, successful answer and what it is filed under. A JSON
// answer is kept as the exact body the client got (replayed byte for byte to a JSON request of the
// same key); a streamed one as the canonical response assembled from its events. Either replays as
// JSON or as a stream in the client's dialect.

import type { ChatResponse } from '../../core/index.js';
import type { CacheTags } from './exact-key.js';

export type CachedContent =
  /** The JSON body the client got, in its dialect. */
  | { kind: 'json'; body: string }
  /** The canonical response (a stream's answer, assembled). */
  | { kind: 'response'; response: ChatResponse };

export interface CachedAnswer {
  tags: CacheTags;
  /** Epoch ms when the answer was stored (the Age header counts from it). */
  storedAt: number;
  content: CachedContent;
  /** What the original call cost, so each hit's record can say what it saved. */
  saved: { inputTokens: number; outputTokens: number; usd: number | null };
  /**
   * On a route with a semantic cache: the prompt's partition and embedding (vector-text.ts), so
   * the semantic index can be rebuilt from the store without embedding again.
   */
  meaning?: { partition: string; vector: string; embedder?: string };
}

/** Room for an entry's tags, times and figures beside its content, in bytes. */
const entryOverhead = 512;

/**
 * The entry's size for the byte budget: a JSON body's length (UTF-16 units are close enough) or a
 * response's JSON text, plus its tags. A JSON body is not serialised again: it is the common case.
 */
export function answerBytes(answer: CachedAnswer): number {
  const { content, tags } = answer;
  const tagBytes = tags.organizationId.length + tags.route.length + tags.model.length + tags.namespace.length;
  const contentBytes =
    content.kind === 'json' ? content.body.length : JSON.stringify(content.response).length;
  return entryOverhead + tagBytes + (tags.projectId?.length ?? 0) + contentBytes;
}
