// What the request path notes about one request while it runs: ids, who called, the route, each
// attempt, the answer to read usage from later. Only cheap assignments happen here; turning the
// trail into a RequestRecord (parsing, tokenizing, pricing, body policy) happens after the response.

import type { Dialect } from '../core/index.js';
import type { GatewayError } from '../errors.js';
import type { Provider } from '../providers/provider.js';
import type { ChatResponse } from '../core/index.js';
import type { ResolvedTarget } from '../config/resolve-model.js';
import type { StreamObserver } from './stream-observer.js';
import type { IncomingTrace } from './trace-context.js';

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

  constructor(
    readonly number: number,
    readonly target: ResolvedTarget,
    readonly spanId: string,
  ) {}
}

/** The answer to read usage, model and finish reason from, after the response went out. */
export type TrailAnswer =
  /** The upstream's own JSON body (same dialect), parsed later with its provider. */
  | { kind: 'upstream-json'; text: string; provider: Provider }
  /** Already translated (crossing dialects, embeddings). */
  | { kind: 'canonical'; response: ChatResponse }
  | { kind: 'embeddings'; inputTokens: number | undefined; reported: Record<string, unknown> | undefined }
  | { kind: 'stream'; observer: StreamObserver };

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

  /** The attempt that served the answer (the last one that succeeded), if any. */
  get served(): AttemptTrail | undefined {
    for (let index = this.attempts.length - 1; index >= 0; index--) {
      const attempt = this.attempts[index] as AttemptTrail;
      if (attempt.answer !== undefined) return attempt;
    }
    return undefined;
  }
}
