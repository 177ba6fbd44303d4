// What a stream re-encoded for guardrails cannot carry. A route with output checks, or with input
// checks that redact, sends its streams through the canonical form (values restored across
// deltas, text checked as it comes), and that form holds one choice, no log probabilities, and
// none of Anthropic's server-tool blocks or citations. Streaming requests that ask for them are
// refused on such a route, decided by the route's checks and never by what the prompt holds, so
// an answer never loses them silently. Whole (non-streaming) answers keep them all.

import type { Dialect } from '../core/index.js';
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
  if (dialect === 'openai') {
    if (typeof body.n === 'number' && body.n > 1)
      throw invalidRequest(['n'], `n greater than 1 cannot be streamed ${remedy}`);
    if (body.logprobs === true || body.top_logprobs != null) {
      throw invalidRequest(['logprobs'], `logprobs cannot be streamed ${remedy}`);
    }
    return;
  }
  const tools = Array.isArray(body.tools) ? (body.tools as unknown[]) : [];
  tools.forEach((tool, index) => {
    const type = isRecord(tool) ? tool.type : undefined;
    if (typeof type === 'string' && type !== 'custom') {
      throw invalidRequest(['tools', index, 'type'], `server tools (${type}) cannot be streamed ${remedy}`);
    }
  });
  const messages = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
  messages.forEach((message, index) => {
    const content = isRecord(message) && Array.isArray(message.content) ? (message.content as unknown[]) : [];
    content.forEach((block, blockIndex) => {
      if (isRecord(block) && isRecord(block.citations) && block.citations.enabled === true) {
        throw invalidRequest(
          ['messages', index, 'content', blockIndex, 'citations'],
          `citations cannot be streamed ${remedy}`,
        );
      }
    });
  });
}

/** Whether the route's streams go through the canonical form (see chat-attempt.ts). */
function reencodesStreams(route: ResolvedModel): boolean {
  return route.outputChecks.length > 0 || route.inputChecks.some((check) => check.action === 'redact');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
