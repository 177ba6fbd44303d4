// What a stream re-encoded for guardrails cannot carry. A route with output checks, or with input
// checks that redact, sends its streams through the canonical form (values restored across
// deltas, text checked as it comes), and that form holds one choice, no log probabilities, and
// none of Anthropic's server-tool blocks or citations. Streaming requests that ask for them are
// refused on such a route, decided by the route's checks and never by what the prompt holds, so
// an answer never loses them silently. Whole (non-streaming) answers keep them all.

import { uncarriedFeature, type Dialect } from '../core/index.js';
import type { ResolvedModel } from '../config/resolve-model.js';
import { invalidRequest } from './validation-error.js';

const remedy = "on a route whose guardrails check or restore streamed text; send it with 'stream': false.";

/** Throws 400 when a streaming request asks for what the route's guarded stream would drop. */
export function refuseUnguardableStream(
  dialect: Dialect,
  route: ResolvedModel,
  body: Record<string, unknown>,
): void {
  if (!reencodesStreams(route)) return;
  const feature = uncarriedFeature(dialect, body);
  if (feature !== undefined)
    throw invalidRequest(feature.path, `${feature.what} cannot be streamed ${remedy}`);
}

/** Whether the route's streams go through the canonical form (see chat-attempt.ts). */
function reencodesStreams(route: ResolvedModel): boolean {
  return route.outputChecks.length > 0 || route.inputChecks.some((check) => check.action === 'redact');
}
