// The record of one request as stored: flat and append-only. One row per request, one per attempt;
// usage and cost are open maps that keep the provider's own figures beside the computed ones, so a
// columnar store can take the log over without a redesign. Types only: no I/O, no HTTP.

import type { SemanticNoteOutcome } from './semantic-outcomes.js';
import type { Dialect, FinishReason } from '../core/index.js';
import type { CheckVerdict } from '../guard/check-verdict.js';
import type { HeldAnswer } from '../storage/held-answer.js';

/**
 * What of the prompt and the response a route keeps (docs/records.md):
 * - off: nothing about the bodies;
 * - metadata: their shape only (sizes, message count, roles, tool names), no content (the default);
 * - redacted: the content with secrets and personal data masked;
 * - full: the content as sent and received.
 */
export type BodyPolicy = 'off' | 'metadata' | 'redacted' | 'full';

export const bodyPolicies: readonly BodyPolicy[] = ['off', 'metadata', 'redacted', 'full'];

/** How a request ended for the client. */
export type RecordOutcome =
  /** A complete answer. */
  | 'ok'
  /** An error answer (4xx/5xx JSON), or an error event that ended a stream. */
  | 'error'
  /** The client went away before the answer was complete. */
  | 'cancelled';

/** What the cache did for this request: `none` when its route has no cache; `bypass`: the request skipped it. */
export type CacheVerdict = 'none' | 'miss' | 'hit' | 'semantic-hit' | 'bypass';

/**
 * How a semantic cache lookup ended for a request on a semantic route after an exact miss
 * (server/semantic-lookup.ts): `calibrating` while the route has too few verdicts to serve by
 * meaning, else the lookup's outcome as /metrics counts it (docs/caching.md).
 */
export interface SemanticNote {
  outcome: SemanticNoteOutcome;
  /** The nearest cached prompt's cosine similarity, when the lookup found one. */
  score: number | null;
  /** The route's calibrated threshold at the time; null while calibrating. */
  threshold: number | null;
}

/** One guardrail check's verdict (src/guard/check-verdict.ts). */
export type GuardrailVerdict = CheckVerdict;

export interface UsageRecord {
  /** Canonical figures (src/core/usage.ts): inputTokens includes cache reads and writes. */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Of cacheWriteTokens, those written with a one-hour lifetime (priced apart by Anthropic). */
  cacheWrite1hTokens?: number;
  reasoningTokens?: number;
  /** Of inputTokens and outputTokens, the audio tokens (priced apart from text), when reported. */
  audioInputTokens?: number;
  audioOutputTokens?: number;
  /** Of cacheReadTokens (and audioInputTokens), the audio tokens (Gemini prices them apart), when reported. */
  cacheReadAudioTokens?: number;
  /** Web searches the provider ran (Anthropic), billed per search; when reported. */
  webSearchRequests?: number;
  /**
   * provider: the upstream reported these figures; estimated: counted locally with a tokenizer
   * (no usage reported, or the stream was cut); none: nothing was sent upstream.
   */
  source: 'provider' | 'estimated' | 'none';
  /** The upstream's own usage object, verbatim, when it reported one. */
  reported?: Record<string, unknown>;
}

export interface CostRecord {
  /** USD; null when some token class had no price (then `unknown` says which). Never a silent 0. */
  usd: number | null;
  /** The priced part: a lower bound when `usd` is null. */
  knownUsd: number;
  /**
   * Cost parts with tokens (or fees with requests) but no price; `model` when the catalog has no
   * entry for the model.
   */
  unknown: string[];
  tier: 'base' | 'long-context';
  lines: Array<{ part: string; tokens: number; usdPerMillion: number | null; usd: number | null }>;
  /** Per-request fees (`webSearch`: searches x USD per 1,000), in `usd` and `knownUsd`. Absent when none. */
  fees?: Array<{ part: string; requests: number; usdPerThousand: number | null; usd: number | null }>;
  /** The catalog version the prices came from, so old records can be re-priced. */
  catalogVersion: string;
  /**
   * Attempts that did not serve the answer but were billed (called off after a hedged race was
   * decided, or failed after their upstream began to answer), each priced on its own target and
   * included in `usd` and `knownUsd` (an unpriced one adds `calledOff` to `unknown`). Absent when none.
   */
  calledOff?: CalledOffCost[];
  /** A cache hit costs nothing (`usd` 0): what the cached answer cost when it was made. */
  saved?: SavedCost;
}

/** The tokens and USD a cache hit did not spend (usd null: the original was not priced). */
export interface SavedCost {
  inputTokens: number;
  outputTokens: number;
  usd: number | null;
}

/** What a billed attempt that did not serve cost: its upstream read the prompt before it ended. */
export interface CalledOffCost {
  /** Its AttemptRecord number. */
  attempt: number;
  /**
   * called-off: a hedge's loser, or an answer superseded; failed: it failed or was cut after its
   * upstream began to answer. Absent in records written before session 18 (all called off).
   */
  reason?: 'called-off' | 'failed';
  provider: string;
  upstreamModel: string;
  inputTokens: number;
  outputTokens: number;
  /**
   * provider: it answered (with usage) before the abort reached it; estimated: the prompt counted
   * with the tokenizer plus the output seen before the abort.
   */
  source: 'provider' | 'estimated';
  usd: number | null;
  knownUsd: number;
}

export interface AttemptRecord {
  /** 0 for the first attempt. */
  number: number;
  /** The deployment (a `providers:` key) and its adapter type. */
  provider: string;
  providerType: string;
  upstreamModel: string;
  /** Epoch milliseconds. */
  startedAt: number;
  durationMs: number;
  /** From the attempt's start to its first content (streams only). */
  firstTokenMs: number | null;
  /** The upstream's HTTP status; null when no answer came (connection error, timeout). */
  status: number | null;
  outcome: 'ok' | 'error' | 'cancelled';
  errorCode: string | null;
  /** Subject to the body policy: provider error bodies may echo the prompt. */
  errorMessage: string | null;
  /** The span of this attempt in the request's trace. */
  spanId: string;
}

export interface RequestRecord {
  /** The request id the client saw in x-request-id. */
  id: string;
  traceId: string;
  /** The request's own span; attempts are its children. */
  spanId: string;
  /** The client's span, when it sent a traceparent. */
  parentSpanId: string | null;
  organizationId: string;
  teamId: string | null;
  projectId: string | null;
  /** The virtual key's id; null when the data plane is open (auth.requireKey false). */
  keyId: string | null;
  /** From the client's x-switchyard-session / x-switchyard-workflow headers. */
  sessionId: string | null;
  workflowId: string | null;
  /** Epoch milliseconds. */
  receivedAt: number;
  firstTokenAt: number | null;
  doneAt: number;
  operation: 'chat' | 'embeddings';
  dialect: Dialect;
  stream: boolean;
  /** The model name the client asked for. */
  model: string;
  /** The config alias (or pattern) that matched; null when none did. */
  route: string | null;
  configVersion: number;
  /** The target that served (or last failed). */
  provider: string | null;
  providerType: string | null;
  upstreamModel: string | null;
  /** The model the upstream says answered. */
  responseModel: string | null;
  /** The HTTP status the client got (200 for a stream that later ended in an error event). */
  status: number;
  outcome: RecordOutcome;
  errorCode: string | null;
  /** Subject to the body policy. */
  errorMessage: string | null;
  finishReason: FinishReason | null;
  cache: CacheVerdict;
  /** Null unless a semantic lookup ran (or the route was still calibrating). */
  semantic: SemanticNote | null;
  guardrails: GuardrailVerdict[];
  usage: UsageRecord;
  cost: CostRecord;
  bodyPolicy: BodyPolicy;
  /** JSON text: the prompt under the body policy (null for off; a shape summary for metadata). */
  prompt: string | null;
  /** JSON text: the response under the body policy. */
  response: string | null;
  attempts: AttemptRecord[];
  /**
   * The answer an output check held for review, whatever the body policy: stored with the review
   * item (not with the record, which never returns it) and forgotten once delivered or expired.
   */
  hold?: HeldAnswer | undefined;
}
