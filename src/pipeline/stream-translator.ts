// Turns batches of upstream SSE events into the client's SSE text. Same dialect: each event is
// re-framed verbatim (only the gateway's own usage chunk may be dropped). Across dialects: the
// decoder's canonical events go through the client dialect's encoder.

import { isContentEvent, type Dialect, type StreamEvent } from '../core/index.js';
import { GatewayError, isGatewayError } from '../errors.js';
import type { SseEvent, StreamDecoder } from '../providers/provider.js';

/** Sees every canonical event and the end of the stream, for the request record (src/telemetry). */
export interface StreamWatcher {
  event(event: StreamEvent): void;
  failed(error: GatewayError): void;
  ended(): void;
}

/** The client-side encoder of a dialect (see src/server/openai and src/server/anthropic). */
export interface ClientStreamEncoder {
  encode(event: StreamEvent): string;
  finish(): string;
  error(error: GatewayError): string;
}

export type TranslationMode =
  | {
      kind: 'passthrough';
      dialect: Dialect;
      includeUsage: boolean;
      renderError: (error: GatewayError) => string;
    }
  | { kind: 'encode'; encoder: ClientStreamEncoder };

export interface TranslatedBatch {
  text: string;
  /** This batch held the first content event. */
  committed: boolean;
  /** The upstream's terminal event was seen: the client stream is complete. */
  done: boolean;
  /** The upstream reported an error; `text` already ends with the client's error event. */
  error?: GatewayError;
}

export class StreamTranslator {
  constructor(
    private readonly decoder: StreamDecoder,
    private readonly mode: TranslationMode,
    private readonly watcher?: StreamWatcher,
  ) {}

  /**
   * A decoder or encoder that throws (an upstream stream the translation cannot follow) ends the
   * stream like an upstream error: the client gets its error event, never a connection cut short.
   */
  translate(batch: readonly SseEvent[]): TranslatedBatch {
    const result: TranslatedBatch = { text: '', committed: false, done: false };
    try {
      return this.translateBatch(batch, result);
    } catch (thrown) {
      const error = isGatewayError(thrown)
        ? thrown
        : new GatewayError('upstream_error', 'The gateway could not translate the upstream stream.', {
            cause: thrown,
            retryable: false,
          });
      return { text: result.text + this.fail(error), committed: result.committed, done: false, error };
    }
  }

  /** Fills `result` as it goes, so a throw midway still leaves what was translated before it. */
  private translateBatch(batch: readonly SseEvent[], result: TranslatedBatch): TranslatedBatch {
    for (const sse of batch) {
      const decoded = this.decoder.decode(sse);
      if (decoded.error) {
        return { ...result, text: result.text + this.fail(decoded.error), error: decoded.error };
      }
      const watcher = this.watcher;
      for (const event of decoded.events) {
        watcher?.event(event);
        if (!result.committed && isContentEvent(event)) result.committed = true;
        if (this.mode.kind === 'encode') result.text += this.mode.encoder.encode(event);
      }
      if (this.mode.kind === 'passthrough') {
        const forward =
          decoded.passthrough === 'forward' ||
          (decoded.passthrough === 'usage-only' && this.mode.includeUsage);
        if (forward) result.text += frame(decoded.passthroughEvent ?? sse);
      }
      if (decoded.done) {
        watcher?.ended();
        if (this.mode.kind === 'encode') result.text += this.mode.encoder.finish();
        result.done = true;
        return result;
      }
    }
    return result;
  }

  /** The client's error event for a failure after the commit point. */
  fail(error: GatewayError): string {
    this.watcher?.failed(error);
    return this.mode.kind === 'encode' ? this.mode.encoder.error(error) : this.mode.renderError(error);
  }
}

/** Re-frame one SSE event exactly as received (multi-line data stays multi-line). */
function frame(event: SseEvent): string {
  const data = event.data.includes('\n') ? event.data.split('\n').join('\ndata: ') : event.data;
  return event.event === undefined ? `data: ${data}\n\n` : `event: ${event.event}\ndata: ${data}\n\n`;
}
