// Types shared by the chat stages: a resolved target, its timeouts, the client-side codec the
// pipeline renders with (injected by the server so the pipeline never imports server/).

import type { RequestSignal } from '../upstream/abort-signal.js';
import type { ModelRules } from '../catalog/model-rules.js';
import type { ChatRequest, ChatResponse, Dialect } from '../core/index.js';
import type { GatewayError } from '../errors.js';
import type { ProviderSettings } from '../providers/provider.js';
import type { ClientStreamEncoder } from './stream-translator.js';
import type { ReversibleRedaction } from '../guard/pii/reversible-redaction.js';
import type { OutputGuard } from './output-guardrails.js';

export interface Timeouts {
  connectMs: number;
  /** From sending the request to the commit point (the first content delta). */
  firstTokenMs: number;
  /** Longest silence between two stream chunks, after the commit point. */
  idleMs: number;
  /** Whole request, all attempts included. */
  totalMs: number;
}

export interface ChatTarget {
  settings: ProviderSettings;
  upstreamModel: string;
  timeouts: Timeouts;
  /** The catalog's rewrites and limits for the upstream model (issue 3); absent: nothing to apply. */
  rules?: ModelRules | undefined;
}

export interface ClientCodec {
  dialect: Dialect;
  renderResponse(response: ChatResponse, model: string): unknown;
  streamEncoder(options: {
    id: string;
    model: string;
    created: number;
    includeUsage: boolean;
    /** Same dialect re-encoded: the upstream's own id and model (its response-start) replace these. */
    upstreamIds?: boolean;
  }): ClientStreamEncoder;
  renderStreamError(error: GatewayError): string;
}

/** One chat call as the client made it, validated. */
export interface ChatCall {
  codec: ClientCodec;
  /** The model name the client asked for (an alias). */
  model: string;
  /** The client's validated body, forwarded as is when the provider speaks the same dialect. */
  body: Record<string, unknown>;
  /** Client headers a same-dialect provider should see (anthropic-beta, anthropic-version). */
  forwardHeaders: Record<string, string>;
  /** The canonical request, built only when a target needs to cross dialects. */
  canonical: () => ChatRequest;
  stream: boolean;
  /** The client asked for usage in its stream. */
  includeUsage: boolean;
  requestId: string;
  /** Keep a stream's events for the cache to store the whole answer (StreamObserver.events). */
  keepEvents?: boolean;
  /** Set when an input guardrail replaced values by placeholders: answers are restored from it. */
  redaction?: ReversibleRedaction | undefined;
  /** The route's output checks, when it has any (output-guardrails.ts). */
  outputGuard?: OutputGuard | undefined;
}

export type ChatOutcome =
  | {
      kind: 'json';
      body: string;
      /** What the gateway changed in the request (the x-switchyard-warning header). */
      warning?: string | undefined;
    }
  | {
      kind: 'stream';
      /** What the gateway changed in the request (the x-switchyard-warning header). */
      warning?: string | undefined;
      /** Everything up to and including the commit point, to write with the headers. */
      head: string;
      /** The rest of the client's SSE text; ends with the terminal or error event. */
      rest: AsyncGenerator<string, void, undefined>;
      /** Fires when the attempt is stopped (its deadline passed): a writer waiting on the client stops waiting. */
      stop?: RequestSignal | undefined;
    };
