// The cache around one chat request (docs/caching.md). Before routing: the request's key, and a
// hit (exact, or by meaning: semantic-lookup.ts) answers at once, as JSON or as a stream in the
// client's dialect, costing nothing. After
// a miss has been answered and recorded (off the response path): a complete, successful answer
// is stored.
// Errors, cut streams and clients that left are never stored.

import type { ResolvedModel } from '../config/resolve-model.js';
import type { RouteCache } from '../config/route-cache.js';
import type { ChatResponse, Dialect } from '../core/index.js';
import type { ChatCall, ChatOutcome } from '../pipeline/chat-types.js';
import type { AnswerStore, EntryKey } from '../cache/exact/answer-store.js';
import { answerBytes, type CachedAnswer, type CachedContent } from '../cache/exact/cached-answer.js';
import { cacheDirectives } from '../cache/cache-directives.js';
import { uncacheable } from '../cache/exact/cacheable.js';
import { exactKey } from '../cache/exact/exact-key.js';
import { assembleResponse } from '../cache/assemble-response.js';
import { responseEvents } from '../cache/response-events.js';
import type { RequestRecord } from '../telemetry/request-record.js';
import type { RequestTrail } from '../telemetry/request-trail.js';
import { servedUsd } from '../telemetry/served-cost.js';
import type { Exchange } from './exchange.js';
import type { Gateway } from './gateway.js';
import { writeStream } from './write-stream.js';
import { vectorText } from '../cache/semantic/vector-text.js';
import { embedThroughRoute } from './embed-through-route.js';
import { clientEncoder } from '../pipeline/chat-attempt.js';
import { guardJsonAnswer } from '../pipeline/output-guardrails.js';
import {
  semanticLookup,
  settleSemantic,
  type SemanticOutcome,
  type SemanticPending,
} from './semantic-lookup.js';

export const cacheHeader = 'x-switchyard-cache';
export const similarityHeader = 'x-switchyard-cache-similarity';

/** Where a miss's answer goes once it has been sent. */
export interface CacheTicket {
  store: AnswerStore;
  key: EntryKey;
  settings: RouteCache;
  /** The semantic step's filing and verdict, when the route has one. */
  semantic?: Promise<SemanticPending | undefined> | undefined;
}

export interface CacheLookup {
  hit?: CachedAnswer;
  /** Set for a semantic hit: the similarity of the prompt it answered. */
  similarity?: number;
  /** Set when the answer may be stored. */
  ticket?: CacheTicket;
  /**
   * A semantic route with `race`: the lookup still running while the request goes upstream. It
   * resolves to a hit to serve instead (the trail then says so), or undefined; it never rejects.
   */
  racing?: Promise<SemanticHit | undefined>;
}

export interface SemanticHit {
  hit: CachedAnswer;
  similarity: number;
}

export async function lookupAnswer(
  exchange: Exchange,
  gateway: Gateway,
  trail: RequestTrail,
  route: ResolvedModel,
  call: ChatCall,
): Promise<CacheLookup> {
  const store = gateway.answers;
  const settings = route.cache;
  if (store === undefined || settings === undefined) return {};
  const directives = cacheDirectives(exchange.request.headers);
  if (uncacheable(exchange.dialect, call.body) !== undefined) {
    trail.cache = 'bypass';
    return {};
  }
  const tags = {
    organizationId: trail.principal?.organizationId ?? 'default',
    projectId: trail.principal?.projectId ?? null,
    route: route.alias,
    model: call.model,
    namespace: directives.namespace,
  };
  const digest = exactKey({
    tags,
    dialect: exchange.dialect,
    routeDigest: settings.routeDigest,
    body: call.body,
    forwardHeaders: call.forwardHeaders,
  });
  const key = { digest, tags };
  const ticket: CacheTicket | undefined = directives.write ? { store, key, settings } : undefined;
  if (!directives.read) {
    trail.cache = 'bypass';
    return { ticket };
  }
  const found = await store.get(key);
  const fresh =
    found !== undefined &&
    // The digest covers the scope; checking it again costs nothing and holds if a digest ever collided.
    found.tags.organizationId === tags.organizationId &&
    found.tags.projectId === tags.projectId &&
    (directives.maxAgeSeconds === undefined ||
      Date.now() - found.storedAt <= directives.maxAgeSeconds * 1000);
  if (fresh) {
    trail.cache = 'hit';
    trail.cacheSaved = found.saved;
    return { hit: found };
  }
  trail.cache = 'miss';
  if (gateway.semantic === undefined || settings.semantic === undefined) return { ticket };
  const embedder = settings.semantic.embedder;
  const embed =
    embedder === undefined
      ? undefined
      : (texts: string[]) => embedThroughRoute(exchange, gateway, trail, embedder, texts);
  const looking = semanticLookup(
    gateway.semantic,
    store,
    route,
    call,
    key,
    exchange.dialect,
    embed,
    (note) => (trail.semantic = note),
  );
  const served = (outcome: SemanticOutcome): SemanticHit | undefined => {
    if (outcome.hit === undefined) return undefined;
    const { answer, score } = outcome.hit;
    const tooOld =
      directives.maxAgeSeconds !== undefined &&
      Date.now() - answer.storedAt > directives.maxAgeSeconds * 1000;
    return tooOld ? undefined : { hit: answer, similarity: score };
  };
  if (settings.semantic.race) {
    // The request goes upstream now; the handler serves a hit instead if one comes first.
    const outcome = looking.catch((): SemanticOutcome => ({}));
    if (ticket !== undefined) ticket.semantic = outcome.then((settled) => settled.pending);
    return { ticket, racing: outcome.then(served) };
  }
  const semantic = await looking;
  const hit = served(semantic);
  if (hit !== undefined) return noteSemanticHit(trail, hit);
  if (ticket !== undefined) ticket.semantic = semantic.pending;
  return { ticket };
}

/** The trail of a request a semantic hit answers. */
export function noteSemanticHit(trail: RequestTrail, found: SemanticHit): SemanticHit {
  trail.cache = 'semantic-hit';
  trail.cacheSaved = found.hit.saved;
  return found;
}

/** Answers from the cache, in the form the client asked for. */
export async function replayAnswer(
  exchange: Exchange,
  gateway: Gateway,
  trail: RequestTrail,
  call: ChatCall,
  answer: CachedAnswer,
  similarity?: number,
): Promise<void> {
  const headers = replayHeaders(answer, similarity);
  const { content } = answer;
  if (!call.stream) {
    exchange.sendJson(200, answerBody(exchange.dialect, call, cachedJson(call, answer)), headers);
    return;
  }
  const response =
    content.kind === 'response' ? content.response : parseAnswer(gateway, exchange, content.body);
  await sendAsStream(exchange, trail, call, response, headers);
}

/** The headers of an answer from the cache: what kind of hit, its age, its similarity. */
export function replayHeaders(answer: CachedAnswer, similarity?: number): Record<string, string> {
  const headers: Record<string, string> = {
    [cacheHeader]: similarity === undefined ? 'hit' : 'semantic-hit',
    age: String(Math.max(0, Math.floor((Date.now() - answer.storedAt) / 1000))),
  };
  if (similarity !== undefined) headers[similarityHeader] = similarity.toFixed(3);
  return headers;
}

/** A cached answer as JSON text in the client's dialect, before the checks. */
export function cachedJson(call: ChatCall, answer: CachedAnswer): string {
  const { content } = answer;
  return content.kind === 'json'
    ? content.body
    : JSON.stringify(call.codec.renderResponse(content.response, call.model));
}

/**
 * A whole answer sent as a well-formed stream in the client's dialect (a cache hit, or an answer
 * held back for its JSON schema), through the output checks and restoration like any stream.
 * `extra` fields go into the stream's first event object (the official SDKs keep unknown fields).
 */
export async function sendAsStream(
  exchange: Exchange,
  trail: RequestTrail,
  call: ChatCall,
  response: ChatResponse,
  headers: Record<string, string>,
  extra?: Record<string, unknown>,
): Promise<void> {
  const encoder = clientEncoder({ ...call, requestId: response.id });
  let text = '';
  for (const event of responseEvents(response)) text += encoder.encode(event);
  text += encoder.finish();
  if (extra !== undefined) text = withFirstEventFields(text, extra);
  trail.firstTokenAt = Date.now();
  await writeStream(exchange, { kind: 'stream', head: text, rest: nothing() }, headers);
}

/**
 * After a miss was answered and recorded (off the response path, reusing the record's parsed
 * usage and cost): stores the answer when it is complete and fits. Never throws.
 */
export async function storeAnswer(
  gateway: Gateway,
  exchange: Exchange,
  trail: RequestTrail,
  record: RequestRecord,
  ticket: CacheTicket,
  result: ChatOutcome,
): Promise<void> {
  if (record.outcome !== 'ok' || record.status !== 200) return;
  let content: CachedContent;
  if (result.kind === 'json') content = { kind: 'json', body: result.body };
  else {
    const answer = trail.served?.answer;
    if (answer?.kind !== 'stream') return;
    const { observer } = answer;
    if (!observer.completed || observer.failure !== undefined || observer.events === undefined) return;
    const response = assembleResponse(observer.events);
    if (response === undefined) return;
    content = { kind: 'response', response };
  }
  const pending = await ticket.semantic;
  const vector = pending === undefined ? undefined : await pending.content;
  const entry: CachedAnswer = {
    tags: ticket.key.tags,
    storedAt: Date.now(),
    content,
    ...(pending !== undefined && vector instanceof Float32Array
      ? { meaning: { partition: pending.partition, embedder: pending.embedder, vector: vectorText(vector) } }
      : {}),
    // The served answer's part only: a hit replays it without the hedges or re-asks around it.
    saved: {
      inputTokens: record.usage.inputTokens,
      outputTokens: record.usage.outputTokens,
      usd: servedUsd(record.cost),
    },
  };
  if (answerBytes(entry) > ticket.settings.maxEntryBytes) return;
  await ticket.store.set(ticket.key.digest, entry, ticket.settings.ttlMs);
  if (pending !== undefined && gateway.semantic !== undefined) {
    await settleSemantic(
      gateway.semantic,
      ticket.key.digest,
      pending,
      content,
      (body) => parseAnswer(gateway, exchange, body),
      entry.storedAt + ticket.settings.ttlMs,
    ).catch(() => undefined);
  }
}

/**
 * A JSON answer as the client gets it: the route's output checks first (they may mask values or
 * throw to withhold it), then a redacted request's placeholders restored from its own mapping.
 * The cache keeps the answer before both, so every hit is checked and restored for its caller.
 */
export function answerBody(dialect: Dialect, call: ChatCall, body: string): string {
  const checked = call.outputGuard === undefined ? body : guardJsonAnswer(dialect, body, call.outputGuard);
  return call.redaction?.restoreJson(checked) ?? checked;
}

/** A JSON answer in the client's dialect, read back as a canonical response. */
export function parseAnswer(gateway: Gateway, exchange: Exchange, body: string): ChatResponse {
  return gateway
    .providerFor(exchange.dialect === 'anthropic' ? 'anthropic' : 'openai')
    .chatResponse(JSON.parse(body));
}

async function* nothing(): AsyncGenerator<string, void, undefined> {}

/** The stream text with `fields` first in its first event's JSON object (`data: {…}`). */
export function withFirstEventFields(text: string, fields: Record<string, unknown>): string {
  const start = text.indexOf('data: {');
  if (start < 0) return text;
  const inner = JSON.stringify(fields).slice(1, -1);
  if (inner === '') return text;
  const at = start + 'data: {'.length;
  const closes = text[at] === '}';
  return `${text.slice(0, at)}${inner}${closes ? '' : ','}${text.slice(at)}`;
}
