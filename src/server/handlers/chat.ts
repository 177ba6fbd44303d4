// POST /v1/chat/completions and POST /v1/messages: authenticate, read and validate the body in the
// client's dialect, resolve the model to targets, run the input guardrails, answer from the cache
// or run the attempts, answer as JSON or a stream through the output guardrails.

import { warningHeader } from '../../catalog/apply-model-rules.js';
import { resolveModel, type ResolvedModel } from '../../config/resolve-model.js';
import { withPrincipalGuardrails } from '../../config/principal-guardrails.js';
import { attemptChat } from '../../pipeline/chat-attempt.js';
import type { ChatCall, ChatOutcome } from '../../pipeline/chat-types.js';
import { authenticateData } from '../authenticate.js';
import { notePrincipal } from '../start-trail.js';
import type { RequestTrail } from '../../telemetry/request-trail.js';
import { admitted } from '../admitted.js';
import type { Exchange } from '../exchange.js';
import type { DialectEdge } from '../dialect-edge.js';
import type { Gateway } from '../gateway.js';
import { modelNotFound } from '../model-not-found.js';
import { readJsonBody } from '../read-body.js';
import { runRoute, type Attempt } from '../run-route.js';
import { replyOrHold } from '../held-reply.js';
import { wholeAnswerCall } from '../whole-answer-call.js';
import {
  answerBody,
  cachedJson,
  cacheHeader,
  lookupAnswer,
  noteSemanticHit,
  parseAnswer,
  type SemanticHit,
  replayAnswer,
  replayHeaders,
  sendAsStream,
  storeAnswer,
} from '../chat-cache.js';
import { forProvider, guardInput, outputGuard } from '../chat-guardrails.js';
import { bufferForSchema, structuredAnswerCheck } from '../structured-answer.js';
import { refuseUnguardableStream } from '../stream-guard-limits.js';
import { clientDeadline } from '../../routing/request-deadline.js';
import { writeStream } from '../write-stream.js';
import { attemptCancellation } from '../../routing/attempt-cancellation.js';
import type { CachedAnswer } from '../../cache/exact/cached-answer.js';

export async function handleChat(exchange: Exchange, gateway: Gateway, trail: RequestTrail): Promise<void> {
  const config = gateway.configs.current;
  notePrincipal(trail, await authenticateData(exchange.request, gateway));
  trail.configVersion = gateway.configs.version;
  const edge = gateway.edges[exchange.dialect];
  // Read before a slot is taken: a client trickling its body holds none of `maxInFlight`.
  const received = edge.parseChat(await readJsonBody(exchange.request, config.server.bodyLimit));
  await admitted(exchange, gateway, () => answerChat(exchange, gateway, trail, config, received));
}

type Received = ReturnType<DialectEdge['parseChat']>;

/** The rest of a chat request, once it holds a slot: the route, guardrails, cache and upstream. */
async function answerChat(
  exchange: Exchange,
  gateway: Gateway,
  trail: RequestTrail,
  config: Gateway['configs']['current'],
  received: Received,
): Promise<void> {
  const edge = gateway.edges[exchange.dialect];
  const resolved = resolveModel(config, received.model, 'chat');
  // A key's or its team's guardrail policy, when the config has one, instead of the route's.
  const route = resolved && withPrincipalGuardrails(config, resolved, trail.principal);
  trail.model = received.model;
  trail.stream = received.stream;
  trail.body = received.body;
  trail.route = route?.alias ?? null;
  if (!route) throw modelNotFound(config, received.model, 'chat');
  if (received.stream) refuseUnguardableStream(exchange.dialect, route, received.body);
  // A malformed budget header is refused even when the cache would answer without the router.
  clientDeadline(exchange.request.headers, trail.receivedAt);
  const { parsed, redaction } = await guardInput(exchange, gateway, trail, route, received);

  const call: ChatCall = {
    codec: edge,
    model: parsed.model,
    body: parsed.body,
    forwardHeaders: edge.forwardHeaders(exchange.request.headers),
    canonical: parsed.canonical,
    stream: parsed.stream,
    includeUsage: parsed.includeUsage,
    requestId: exchange.requestId,
    keepEvents: route.cache !== undefined,
    redaction,
    outputGuard: outputGuard(exchange, trail, route, parsed.body),
  };
  const cache = await lookupAnswer(exchange, gateway, trail, route, call);
  if (cache.hit !== undefined)
    return replayHit(exchange, gateway, trail, call, route, cache.hit, cache.similarity);
  await forProvider(exchange, gateway, route, call);
  const attemptWith =
    (current: ChatCall): Attempt<ChatOutcome> =>
    (target, context) =>
      attemptChat(current, target, context, gateway);
  // An answer that must match a JSON schema (or its tools') is asked for whole, and streamed once
  // checked; the check runs on each model's answer, so a fallback can take an invalid one.
  // A hold route reads every answer whole before any of it goes out (docs: it buffers streams).
  const sent =
    bufferForSchema(exchange, gateway, route, call) ??
    (route.hold !== undefined && call.stream ? wholeAnswerCall(exchange, gateway, call) : call);
  const check = structuredAnswerCheck(exchange, gateway, trail, route, sent);
  // A racing semantic lookup may answer first: then the upstream call is called off.
  const racing = cache.racing && { lookup: cache.racing, upstream: attemptCancellation(exchange) };
  const running = runRoute(
    exchange,
    gateway,
    trail,
    route,
    'chat',
    attemptWith(sent),
    check && ((first, again) => check(first, (next) => again(attemptWith(next)))),
    racing?.upstream ?? exchange,
  );
  const early = racing && (await firstHit(racing.lookup, running));
  if (racing && early) {
    racing.upstream.cancel();
    running.catch(() => undefined);
    // Every attempt so far is called off, and priced as such (docs/caching.md#racing-the-lookup).
    trail.callOffAll();
    noteSemanticHit(trail, early);
    return replayHit(exchange, gateway, trail, call, route, early.hit, early.similarity);
  }
  const { result, headers } = await running;
  if (result.kind === 'stream') trail.firstTokenAt = Date.now();
  if (result.warning !== undefined) headers[warningHeader] = result.warning;
  if (trail.cache !== 'none') headers[cacheHeader] = trail.cache;
  // The cache keeps the answer as it came; the client gets it checked, with its own values back.
  if (result.kind === 'json' && route.hold !== undefined) {
    await replyOrHold(exchange, gateway, trail, call, route.hold, result.body, headers);
  } else if (result.kind === 'json' && sent !== call) {
    await sendAsStream(exchange, trail, call, parseAnswer(gateway, exchange, result.body), headers);
  } else if (result.kind === 'json') {
    exchange.sendJson(200, answerBody(exchange.dialect, call, result.body), headers);
  } else await writeStream(exchange, result, headers);
  const ticket = cache.ticket;
  // Stored once the request is recorded, after the answer went out: the client never waits on it.
  // A held answer is never stored: a later hit would skip the review it is waiting for.
  if (ticket !== undefined && trail.hold === undefined) {
    trail.onRecorded = (record) => void storeAnswer(gateway, exchange, trail, record, ticket, result);
  }
}

/** A cached answer for the client; on a hold route checked whole, and possibly held again. */
function replayHit(
  exchange: Exchange,
  gateway: Gateway,
  trail: RequestTrail,
  call: ChatCall,
  route: ResolvedModel,
  hit: CachedAnswer,
  similarity: number | undefined,
): Promise<void> {
  if (route.hold === undefined) return replayAnswer(exchange, gateway, trail, call, hit, similarity);
  const headers = replayHeaders(hit, similarity);
  return replyOrHold(exchange, gateway, trail, call, route.hold, cachedJson(call, hit), headers);
}

/** The racing lookup's hit when it comes before the upstream's answer (or failure); else undefined. */
async function firstHit(
  lookup: Promise<SemanticHit | undefined>,
  running: Promise<unknown>,
): Promise<SemanticHit | undefined> {
  const first = await Promise.race([
    lookup.then((found) => ({ found })),
    running.then(
      () => undefined,
      () => undefined,
    ),
  ]);
  return first?.found;
}
