// Decodes a streamGenerateContent?alt=sse response (Gemini API and Vertex AI) into canonical
// stream events. Each SSE event is a whole GenerateContentResponse; there is no [DONE]: the stream
// is complete only once a chunk carries a finishReason. One decoder per response; no I/O.

import type { StreamEvent, Usage } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import type { DecodedEvent, SseEvent, StreamDecoder } from '../provider.js';
import type { GenerateContentResponseBody } from './api.js';
import { fromStreamError } from './error.js';
import {
  blockedPromptError,
  createdSeconds,
  firstCandidate,
  fromFinishReason,
  fromPart,
  fromUsageMetadata,
  readString,
  ToolCallIds,
} from './response.js';
import { isRecord } from '../../core/is-record.js';

/**
 * Gemini stream decoder. Function calls arrive whole in one chunk, so each becomes a start and
 * one arguments delta. Usage is cumulative per chunk; the last one seen is reported at the finish.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export class GeminiStreamDecoder implements StreamDecoder {
  #ids: ToolCallIds | undefined;
  #usage: Usage | undefined;

  decode(event: SseEvent): DecodedEvent {
    const data = event.data.trim();
    if (data === '') return { events: [], passthrough: 'drop' };
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      return interrupted('The provider sent a stream event that is not valid JSON.');
    }
    if (!isRecord(chunk)) return interrupted('The provider sent a stream event that is not a JSON object.');
    // A failure after the stream started arrives as an `{"error": ...}` event.
    if (chunk.error !== undefined)
      return { events: [], passthrough: 'drop', error: fromStreamError(chunk.error) };
    const response = chunk as GenerateContentResponseBody;
    const blocked = blockedPromptError(response);
    if (blocked !== undefined) return { events: [], passthrough: 'drop', error: blocked };
    return this.#chunk(response);
  }

  #chunk(response: GenerateContentResponseBody): DecodedEvent {
    const events: StreamEvent[] = [];
    let ids = this.#ids;
    if (response.usageMetadata !== undefined) this.#usage = fromUsageMetadata(response.usageMetadata);
    if (ids === undefined) {
      ids = this.#ids = new ToolCallIds(readString(response.responseId));
      // Every chunk carries the usage so far: the first one's input figures stand if the stream is cut.
      events.push({
        type: 'response-start',
        id: readString(response.responseId),
        model: readString(response.modelVersion),
        created: createdSeconds(response.createTime),
        ...(this.#usage === undefined ? {} : { usage: this.#usage }),
      });
    }
    const candidate = firstCandidate(response);
    const parts = Array.isArray(candidate?.content?.parts) ? candidate.content.parts : [];
    for (const part of parts) events.push(...partEvents(part, ids));
    // Read as plain text: the wire may carry reasons newer than the SDK's enum.
    const reason: unknown = candidate?.finishReason;
    if (typeof reason !== 'string' || reason === 'FINISH_REASON_UNSPECIFIED') {
      return { events, passthrough: 'forward' };
    }
    const finish = fromFinishReason(reason, ids.count > 0, this.#usage);
    if (finish instanceof GatewayError) return { events, passthrough: 'drop', error: finish };
    if (this.#usage !== undefined) events.push({ type: 'usage', usage: this.#usage });
    events.push({ type: 'finish', reason: finish });
    return { events, passthrough: 'forward', done: true };
  }
}

function partEvents(part: unknown, ids: ToolCallIds): StreamEvent[] {
  const ordinal = ids.count;
  const converted = fromPart(part, ids);
  switch (converted?.type) {
    case 'text':
      return [{ type: 'text-delta', text: converted.text }];
    case 'reasoning':
      return [{ type: 'reasoning-delta', text: converted.text }];
    case 'tool-call':
      return [
        { type: 'tool-call-start', index: ordinal, id: converted.id, name: converted.name },
        { type: 'tool-call-delta', index: ordinal, arguments: converted.arguments },
      ];
    case 'image':
    case 'tool-result':
    case 'redacted-reasoning':
    case undefined:
      // Parts without a stream form (fromPart never yields the first three from an answer).
      return [];
  }
}

/** The stream can no longer be trusted to be complete: end it with an error rather than guess. */
function interrupted(message: string): DecodedEvent {
  return { events: [], passthrough: 'drop', error: new GatewayError('stream_interrupted', message) };
}
