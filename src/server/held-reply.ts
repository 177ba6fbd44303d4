// A hold route's answer on its way out (docs/guardrails.md#holding-answers-for-review): checked
// whole (a stream was asked upstream whole: whole-answer-call.ts), then either sent as usual or,
// when an output check holds it, kept on the trail for the review queue while the client gets the
// route's hold message in its own dialect — JSON or a stream, finish reason content_filter
// (Anthropic: refusal), the review id in x-switchyard-review and in `switchyard_review` (a JSON
// answer's top level; a stream's first event).

import type { HoldSettings } from '../config/hold-schema.js';
import type { ChatResponse } from '../core/index.js';
import { GatewayError } from '../errors.js';
import type { ChatCall } from '../pipeline/chat-types.js';
import type { RequestTrail } from '../telemetry/request-trail.js';
import { answerBody, parseAnswer, sendAsStream } from './chat-cache.js';
import type { Exchange } from './exchange.js';
import type { Gateway } from './gateway.js';

export const reviewHeader = 'x-switchyard-review';

/** The body field that carries the review (the official SDKs keep unknown fields). */
export const reviewField = 'switchyard_review';

/**
 * Sends a whole answer (JSON text in the client's dialect, before the checks) through the checks;
 * a held one is put on the trail (stored with its review item when the request is recorded) and
 * the client gets the hold message instead. Throws as the checks do (block), and when a held
 * answer is larger than the route may keep.
 */
export async function replyOrHold(
  exchange: Exchange,
  gateway: Gateway,
  trail: RequestTrail,
  call: ChatCall,
  hold: HoldSettings,
  body: string,
  headers: Record<string, string>,
): Promise<void> {
  // Masked and restored as the client would get it: that is what a reviewer releases.
  const checked = answerBody(exchange.dialect, call, body);
  const holder = call.outputGuard?.held;
  // The checks and restoration are done: the stream encoder must not run them again.
  const plain: ChatCall = { ...call, outputGuard: undefined, redaction: undefined };
  const answer = (): ChatResponse => parseAnswer(gateway, exchange, checked);
  if (holder === undefined) {
    if (call.stream) await sendAsStream(exchange, trail, plain, answer(), headers);
    else exchange.sendJson(200, checked, headers);
    return;
  }
  const bytes = Buffer.byteLength(checked);
  if (bytes > hold.maxAnswerBytes) {
    throw new GatewayError(
      'guardrail_blocked',
      `The answer was withheld by the route's "${holder.check}" output guardrail and is too large to hold for review (${bytes} bytes; the route keeps at most ${hold.maxAnswerBytes}). Reference: ${exchange.requestId}.`,
    );
  }
  trail.hold = {
    answer: checked,
    callbackUrl: hold.callbackUrl ?? null,
    secretEnv: hold.secretEnv ?? null,
    expiresAt: Date.now() + hold.keepForMs,
  };
  if (trail.principal !== undefined) {
    gateway.heldPending?.note(exchange.requestId, trail.principal, trail.hold.expiresAt);
  }
  const withReview = { ...headers, [reviewHeader]: exchange.requestId };
  const review = { id: exchange.requestId, status: 'pending' };
  const placeholder = heldResponse(answer(), hold.message);
  if (call.stream) {
    await sendAsStream(exchange, trail, plain, placeholder, withReview, { [reviewField]: review });
    return;
  }
  const rendered = call.codec.renderResponse(placeholder, call.model) as object;
  exchange.sendJson(200, JSON.stringify({ ...rendered, [reviewField]: review }), withReview);
}

/** The answer the client gets meanwhile: the hold message, the model's usage (it was spent). */
function heldResponse(answer: ChatResponse, message: string): ChatResponse {
  return {
    id: answer.id,
    model: answer.model,
    created: answer.created,
    content: [{ type: 'text', text: message }],
    finishReason: 'content-filter',
    usage: answer.usage,
  };
}
