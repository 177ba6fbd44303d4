// What the request path notes about one request while it runs: ids, who called, the route, each
// attempt, the answer to read usage from later. Only cheap assignments happen here; turning the
// trail into a RequestRecord (parsing, tokenizing, pricing, body policy) happens after the response.

import type { HeldAnswer } from '../storage/held-answer.js';
import type { Dialect } from '../core/index.js';
import type { GatewayError } from '../errors.js';
import type { Provider } from '../providers/provider.js';
import type { ChatResponse, Usage } from '../core/index.js';
import type { ResolvedTarget } from '../config/resolve-model.js';
import type { StreamObserver } from './stream-observer.js';
import type { IncomingTrace } from './trace-context.js';
import type {
  CacheVerdict,
  GuardrailVerdict,
  RequestRecord,
  SavedCost,
  SemanticNote,
} from './request-record.js';

export interface TrailPrincipal {
  keyId: string | null;
  organizationId: string;
  teamId: string | null;
  projectId: string | null;
}

/** One attempt as it happened; the pipeline fills status and the first-token time. */
export class AttemptTrail {
  readonly startedAt = Date.now();
  endedAt = 0;
  firstTokenAt: number | null = null;
  /** The upstream's HTTP status, once one arrived. */
  status: number | null = null;
  error: GatewayError | undefined;
  outcome: 'ok' | 'error' | 'cancelled' = 'ok';
  /** What this attempt answered, when it succeeded. */
  answer: TrailAnswer | undefined;
  /**
   * What the upstream began to answer, served or not: a stream's observer from its first byte,
   * or the usage a failed answer reported. An attempt that did not serve but began is billed by
   * the provider: the record prices it apart (billedApart below).
   */
  begun: TrailAnswer | undefined;
  /**
   * Called off because another attempt of a hedged race answered first. The upstream still did
   * work for it: the record prices it apart (src/telemetry/called-off-cost.ts).
   */
  calledOff = false;

  constructor(
    readonly number: number,
    readonly target: ResolvedTarget,
    readonly spanId: string,
  ) {}
}

/** The answer to read usage, model and finish reason from, after the response went out. */
export type TrailAnswer =
  /** The upstream's own JSON body (same dialect), parsed later with its provider. */
  | { kind: 'upstream-json'; text: string; provider: Provider; response: ChatResponse }
  /** Already translated (crossing dialects, embeddings). */
  | { kind: 'canonical'; response: ChatResponse }
  | { kind: 'embeddings'; inputTokens: number | undefined; reported: Record<string, unknown> | undefined }
  | { kind: 'stream'; observer: StreamObserver }
  /** An answer the gateway refused after the upstream reported its usage (see GatewayError.reportedUsage). */
  | { kind: 'failed'; usage: Usage };

/**
 * Whether an attempt that did not serve the answer was billed: a hedge's loser (called off), or
 * one that failed or was cut after its upstream began to answer (a stream that sent its start or
 * any content, an answer that reported usage). One that failed before any of that (a 4xx or 5xx,
 * a reset, a 200 that closed at once, an HTML page) cost nothing.
 */
export function billedApart(attempt: AttemptTrail, served: AttemptTrail | undefined): boolean {
  if (attempt === served) return false;
  if (attempt.calledOff) return true;
  const begun = attempt.begun;
  if (begun === undefined) return false;
  return begun.kind !== 'stream' || begun.observer.began;
}

export class RequestTrail {
  readonly receivedAt = Date.now();
  doneAt = 0;
  principal: TrailPrincipal | undefined;
  operation: 'chat' | 'embeddings' = 'chat';
  model = '';
  route: string | null = null;
  configVersion = 0;
  stream = false;
  /** The client's validated body, kept for the body policy and for token estimates. */
  body: unknown;
  /** The request body's size in bytes (its Content-Length). */
  requestBytes = 0;
  attempts: AttemptTrail[] = [];
  /** When the client got its first content (the stream's committed prelude), epoch ms. */
  firstTokenAt: number | null = null;
  status = 200;
  error: GatewayError | undefined;
  cancelled = false;
  sessionId: string | null = null;
  workflowId: string | null = null;
  /** The number of the attempt whose answer the client got, once the router knows it. */
  winner: number | undefined;
  /** What the exact cache did (src/cache); `none` when the route has no cache. */
  cache: CacheVerdict = 'none';
  /** On a cache hit: what the original answer cost, now saved. */
  cacheSaved: SavedCost | undefined;
  /** How the semantic lookup ended (chat-cache.ts), once it has. */
  semantic: SemanticNote | null = null;
  /** The route's guardrail verdicts on this request, in the order the checks ran. */
  guardrails: GuardrailVerdict[] = [];
  /** The answer an output check held for review (server/held-reply.ts); stored with its review item. */
  hold: HeldAnswer | undefined;
  /** Called with the completed record, off the response path (the exact cache stores answers here). */
  onRecorded: ((record: RequestRecord) => void) | undefined;

  constructor(
    readonly requestId: string,
    readonly dialect: Dialect,
    readonly trace: IncomingTrace,
  ) {}

  startAttempt(number: number, target: ResolvedTarget, spanId: string): AttemptTrail {
    const attempt = new AttemptTrail(number, target, spanId);
    this.attempts.push(attempt);
    return attempt;
  }

  /**
   * After the router's answer: the winning attempt serves the record. Any other attempt that did
   * not fail on its own (a hedge's loser: still running, answered too late, or already aborted as
   * the winner answered) is marked called off: its upstream did work the record prices apart.
   */
  noteWinner(number: number): void {
    this.winner = number;
    for (const attempt of this.attempts) {
      // Failed on its own (an error, not called off): priced only if it began (billedApart).
      if (attempt.number === number || attempt.outcome === 'error') continue;
      attempt.calledOff = true;
      attempt.outcome = 'cancelled';
    }
  }

  /** Something else answered (a racing cache hit): every attempt is called off, none serves. */
  callOffAll(): void {
    // No attempt is numbered -1: all of them are marked, and `served` finds none.
    this.noteWinner(-1);
  }

  /**
   * The attempt that served the answer: the router's winner, or else the last one that answered.
   * A hedge's loser may still answer after the race was decided; it never serves.
   */
  get served(): AttemptTrail | undefined {
    if (this.winner !== undefined) {
      const winner = this.attempts.find((attempt) => attempt.number === this.winner);
      return winner?.answer === undefined ? undefined : winner;
    }
    for (let index = this.attempts.length - 1; index >= 0; index--) {
      const attempt = this.attempts[index] as AttemptTrail;
      if (attempt.answer !== undefined) return attempt;
    }
    return undefined;
  }
}
