// The semantic step of a cache lookup, after an exact miss: the request's compared text and its
// partition; the nearest cached prompt; then serve its answer when the route's calibrated
// threshold says so, or send the request upstream and, once the fresh answer is recorded, judge
// whether the cached one would have been right (answers-agree.ts) — the verdict that calibrates
// the threshold. Until a route has enough verdicts, nothing is served by meaning — and so the
// request does not wait for the lookup: it goes upstream at once, and the lookup finishes beside
// it, only to file the prompt and to find the neighbour whose verdict the answer will give.

import type { ResolvedModel } from '../config/resolve-model.js';
import type { ChatResponse } from '../core/index.js';
import type { AnswerStore, EntryKey } from '../cache/exact/answer-store.js';
import type { CachedAnswer, CachedContent } from '../cache/exact/cached-answer.js';
import { answersAgree } from '../cache/semantic/answers-agree.js';
import { semanticRequest } from '../cache/semantic/semantic-request.js';
import { textCosine } from '../cache/semantic/vector-text.js';
import type { ScoredId } from '../cache/semantic/vector-index.js';
import type { SemanticCacheSettings } from '../config/cache-schema.js';
import type { ChatCall } from '../pipeline/chat-types.js';
import type { SemanticNote } from '../telemetry/request-record.js';
import type { SemanticLookupOutcome } from '../telemetry/semantic-outcomes.js';
import { semanticPartition, type SemanticCache, type SemanticFound } from './semantic-cache.js';

/** What a miss carries to the store step: where to file its prompt, and a verdict to give. */
export interface SemanticPending {
  partition: string;
  /** The embedder's model name. */
  embedder: string;
  /** The prompt's vector from the lookup (or on its way), or its text when it was not embedded. */
  content: SemanticFound['content'];
  verify?: { score: number; cached: CachedAnswer; routeKey: string; settings: SemanticCacheSettings };
}

export interface SemanticOutcome {
  hit?: { answer: CachedAnswer; score: number };
  /** Settled by the time the answer is stored (the lookup is bounded by the route's budgetMs). */
  pending?: Promise<SemanticPending | undefined>;
}

interface Found {
  hit?: { answer: CachedAnswer; score: number };
  pending?: SemanticPending;
}

export async function semanticLookup(
  semantic: SemanticCache,
  store: AnswerStore,
  route: ResolvedModel,
  call: ChatCall,
  key: EntryKey,
  dialect: string,
  /** Texts through the route settings.embedder names, when it names one. */
  embed?: (texts: string[]) => Promise<Float32Array[]>,
  /** Told how the lookup ended, for the request's record (not while the route calibrates). */
  note: (note: SemanticNote) => void = () => {},
  random: () => number = Math.random,
): Promise<SemanticOutcome> {
  const settings = route.cache?.semantic;
  if (settings === undefined) return {};
  const request = semanticRequest(call.body, settings);
  if ('skip' in request) return {};
  const routeKey = `${route.alias}\u0000${route.cache!.routeDigest}`;
  const threshold = semantic.calibrator(routeKey, settings).threshold;
  const calibrated = threshold !== Number.POSITIVE_INFINITY;
  // While calibrating, the lookup ends beside the upstream call, maybe after the record: the
  // record says why nothing could be served instead.
  if (!calibrated) note({ outcome: 'calibrating', score: null, threshold: null });
  const told = (outcome: SemanticLookupOutcome, score: number | null = null): void => {
    semantic.counted(route.alias, outcome);
    if (calibrated) note({ outcome, score, threshold });
  };
  const searching = nearestAnswer(
    semantic,
    told,
    store,
    key,
    settings,
    routeKey,
    calibrated && random() >= settings.verifyShare,
    semantic.nearest(
      (embedder) => partitionFor(key, dialect, route, call, request.context, embedder),
      request.text,
      settings,
      embed,
    ),
  );
  if (!calibrated) {
    return {
      pending: searching.then(
        (found) => found.pending,
        () => undefined,
      ),
    };
  }
  const found = await searching;
  return {
    ...(found.hit === undefined ? {} : { hit: found.hit }),
    ...(found.pending === undefined ? {} : { pending: Promise.resolve(found.pending) }),
  };
}

/** The nearest cached answer: served when `serve` and the calibrated threshold allow, else to verify. */
async function nearestAnswer(
  semantic: SemanticCache,
  told: (outcome: SemanticLookupOutcome, score?: number) => void,
  store: AnswerStore,
  key: EntryKey,
  settings: SemanticCacheSettings,
  routeKey: string,
  serve: boolean,
  searching: Promise<SemanticFound | undefined>,
): Promise<Found> {
  const found = await searching;
  // The thread is still loading its model: nothing to compare with, nothing to file yet.
  if (found === undefined) {
    told('starting');
    return {};
  }
  const { lookup, partition, embedder, content } = found;
  const pending: SemanticPending = { partition, embedder, content };
  if (lookup.status === 'miss') {
    told(lookup.reason);
    return { pending };
  }
  const near = lookup.hits.filter((hit) => hit.score >= settings.minimumScore - indexPrecision);
  if (near.length === 0) {
    told('far', lookup.hits[0]?.score);
    return { pending };
  }
  const live = await liveNeighbour(semantic, store, key, near);
  if (live === undefined) {
    told('gone', near[0]!.score);
    return { pending };
  }
  const { nearest, cached } = live;
  // The index scores at int4 precision; the answer's own int8 codes give the score it is judged by.
  const stored = cached.meaning === undefined ? undefined : textCosine(lookup.vector, cached.meaning.vector);
  const score = stored ?? nearest.score;
  if (score < settings.minimumScore) {
    told('far', score);
    return { pending };
  }
  if (serve && semantic.calibrator(routeKey, settings).serves(score)) {
    told('served', score);
    return { hit: { answer: cached, score } };
  }
  told('checked', score);
  return { pending: { ...pending, verify: { score, cached, routeKey, settings } } };
}

/**
 * The first of `hits` (best first) whose answer the store still holds for this caller's scope;
 * those whose answers are gone (evicted unseen by the index) are forgotten on the way.
 */
async function liveNeighbour(
  semantic: SemanticCache,
  store: AnswerStore,
  key: EntryKey,
  hits: readonly ScoredId[],
): Promise<{ nearest: ScoredId; cached: CachedAnswer } | undefined> {
  for (const hit of hits) {
    const cached = await store.get({ digest: hit.id, tags: key.tags });
    if (
      cached !== undefined &&
      cached.tags.organizationId === key.tags.organizationId &&
      cached.tags.projectId === key.tags.projectId
    ) {
      return { nearest: hit, cached };
    }
    semantic.forget(hit.id);
  }
  return undefined;
}

/**
 * How far an index score (int4 codes) may fall below the vector's own: about 0.003 rms on
 * sentence-encoder vectors, 0.015 at worst. A neighbour this close under the route's minimum is
 * still fetched and scored from its stored codes.
 */
const indexPrecision = 0.02;

/**
 * After a miss's answer was stored: file its prompt until the answer expires at `expiresAt`
 * (epoch ms), and give the verdict it was sent for.
 */
export async function settleSemantic(
  semantic: SemanticCache,
  digest: string,
  pending: SemanticPending,
  fresh: CachedContent,
  parse: (body: string) => ChatResponse,
  expiresAt?: number,
): Promise<void> {
  const { verify } = pending;
  if (verify !== undefined) {
    const agree = answersAgree(answerText(verify.cached.content, parse), answerText(fresh, parse));
    semantic.verdict(verify.routeKey, verify.settings, verify.score, agree);
  }
  const content = await pending.content;
  if (content !== undefined) {
    await semantic.add(digest, pending.partition, pending.embedder, content, expiresAt);
  }
}

function partitionFor(
  key: EntryKey,
  dialect: string,
  route: ResolvedModel,
  call: ChatCall,
  context: unknown,
  embedder: string,
): string {
  return semanticPartition({
    exactTags: key.tags,
    dialect,
    route: route.cache!,
    forwardHeaders: call.forwardHeaders,
    context,
    embedder,
  });
}

/** An answer's text and tool calls, for the verdict. */
function answerText(content: CachedContent, parse: (body: string) => ChatResponse): string {
  const response = content.kind === 'response' ? content.response : parse(content.body);
  return response.content
    .map((part) =>
      part.type === 'text' ? part.text : part.type === 'tool-call' ? `${part.name} ${part.arguments}` : '',
    )
    .join('\n');
}
