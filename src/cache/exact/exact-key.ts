// The exact cache's key: a SHA-256 over everything that changes the answer, in canonical JSON, so
// only a request that would get the same answer finds an entry. In the key: the caller's scope
// (organisation and project) and cache namespace, the client's dialect, the model asked for, the
// route it resolved to and that route's definition in the live config (a changed route is a new
// key), and the whole body: system prompt, messages, tools, tool_choice, response format, sampling
// parameters, provider options. Left out: `stream` and `stream_options` (a stream and a JSON answer
// share entries), and fields that only label the caller or ask the provider to keep data
// (`user`, `safety_identifier`, `metadata`, `store`, `prompt_cache_key`). Headers are not in the
// key, except the provider options a client sends as headers (anthropic-version, anthropic-beta).

import { hash } from 'node:crypto';
import type { Dialect } from '../../core/index.js';
import { canonicalJson } from '../canonical-json.js';

/** Body fields that never change the answer. */
export const answerNeutralFields: ReadonlySet<string> = new Set([
  'stream',
  'stream_options',
  'user',
  'safety_identifier',
  'metadata',
  'store',
  'prompt_cache_key',
]);

/** What a cache entry is filed under, for invalidation (admin API) and a check on every hit. */
export interface CacheTags {
  organizationId: string;
  projectId: string | null;
  /** The config alias (or pattern) the model resolved to. */
  route: string;
  /** The model name the client asked for. */
  model: string;
  /** The caller's namespace header; '' when it sent none. */
  namespace: string;
}

export interface ExactKeyInput {
  tags: CacheTags;
  dialect: Dialect;
  /** A digest of the route's definition in the live config (resolve-model.ts). */
  routeDigest: string;
  body: Readonly<Record<string, unknown>>;
  /** The client headers forwarded to a same-dialect provider (they are provider options). */
  forwardHeaders: Readonly<Record<string, string>>;
}

export function exactKey(input: ExactKeyInput): string {
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input.body)) {
    if (!answerNeutralFields.has(field)) body[field] = value;
  }
  const keyed = {
    version: 1,
    scope: [input.tags.organizationId, input.tags.projectId],
    namespace: input.tags.namespace,
    dialect: input.dialect,
    model: input.tags.model,
    route: input.tags.route,
    routeDigest: input.routeDigest,
    headers: input.forwardHeaders,
    body,
  };
  // One call, no Hash object: about 3 µs less than createHash().update().digest() per request.
  return hash('sha256', canonicalJson(keyed), 'hex');
}
