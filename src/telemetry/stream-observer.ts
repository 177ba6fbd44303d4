// Watches a stream's canonical events as they pass (both passthrough and translated streams are
// decoded once anyway) and keeps what the record needs: the last usage report, the finish reason,
// the response model and id, and the produced text for token estimates and the body policy.
// Each call is a field write or an array push: it runs on the hot path.

import type { FinishReason, StreamEvent, Usage } from '../core/index.js';
import type { GatewayError } from '../errors.js';

export class StreamObserver {
  usage: Usage | undefined;
  /** What the provider reported as the response began (Anthropic: input counts), if anything. */
  startUsage: Usage | undefined;
  finishReason: FinishReason | undefined;
  responseModel: string | undefined;
  responseId: string | undefined;
  /** Text, reasoning and tool-call argument pieces in order; joined only when needed. */
  readonly pieces: string[] = [];
  /** Tool calls started, by name, for the response shape. */
  readonly toolNames: string[] = [];
  /** The upstream's terminal event arrived. */
  completed = false;
  failure: GatewayError | undefined;
  /** Every event, in order, when kept (a route with a cache stores the assembled answer). */
  readonly events: StreamEvent[] | undefined;

  constructor(keepEvents = false) {
    this.events = keepEvents ? [] : undefined;
  }

  event(event: StreamEvent): void {
    this.events?.push(event);
    switch (event.type) {
      case 'text-delta':
      case 'reasoning-delta':
      case 'refusal-delta':
        this.pieces.push(event.text);
        return;
      case 'tool-call-delta':
        this.pieces.push(event.arguments);
        return;
      case 'tool-call-start':
        this.toolNames.push(event.name);
        return;
      case 'usage':
        this.usage = event.usage;
        return;
      case 'finish':
        this.finishReason = event.reason;
        return;
      case 'response-start':
        this.responseModel = event.model;
        this.responseId = event.id;
        if (event.usage !== undefined) this.startUsage = event.usage;
        return;
      case 'reasoning-signature':
      case 'redacted-reasoning':
        return;
    }
  }

  failed(error: GatewayError): void {
    this.failure ??= error;
  }

  ended(): void {
    this.completed = true;
  }

  /** The upstream began to answer: it sent its start, usage or any content. */
  get began(): boolean {
    return (
      this.responseModel !== undefined ||
      this.usage !== undefined ||
      this.pieces.length > 0 ||
      this.toolNames.length > 0
    );
  }

  text(): string {
    return this.pieces.join('');
  }
}
