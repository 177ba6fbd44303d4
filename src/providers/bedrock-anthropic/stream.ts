// Decodes one InvokeModelWithResponseStream answer for Claude: each `chunk` event carries one Anthropic
// stream event as base64 JSON, handed to the Anthropic decoder; same-dialect clients get that event
// re-framed as Anthropic SSE. Exceptions end the stream with an error. One decoder per response; no I/O.

import { GatewayError } from '../../errors.js';
import { AnthropicStreamDecoder } from '../anthropic/stream.js';
import type { DecodedEvent, SseEvent, StreamDecoder } from '../provider.js';
import type { ChunkPayload } from './api.js';
import { fromBedrockStreamException, isStreamException } from './error.js';

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html#API_runtime_InvokeModelWithResponseStream_ResponseSyntax */
export class BedrockAnthropicStreamDecoder implements StreamDecoder {
  readonly #anthropic = new AnthropicStreamDecoder();

  decode(event: SseEvent): DecodedEvent {
    const name = event.event;
    if (name !== undefined && isStreamException(name)) {
      return { events: [], passthrough: 'drop', error: fromBedrockStreamException(name, event.data) };
    }
    if (name !== 'chunk') return { events: [], passthrough: 'drop' };
    const inner = unwrap(event.data);
    if (inner === undefined) {
      return {
        events: [],
        passthrough: 'drop',
        error: new GatewayError(
          'stream_interrupted',
          'The provider sent a stream chunk the gateway could not read.',
        ),
      };
    }
    const decoded = this.#anthropic.decode(inner);
    return { ...decoded, passthroughEvent: inner };
  }
}

/** `{"bytes": "<base64 of {"type":"...", ...}>"}` -> the Anthropic event as SSE (name from its type). */
function unwrap(data: string): SseEvent | undefined {
  let payload: Partial<ChunkPayload>;
  try {
    payload = JSON.parse(data) as Partial<ChunkPayload>;
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null || typeof payload.bytes !== 'string') return undefined;
  const json = Buffer.from(payload.bytes, 'base64').toString('utf8');
  const type = eventType(json);
  return type === undefined ? { data: json } : { event: type, data: json };
}

function eventType(json: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const type = (parsed as { type?: unknown }).type;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}
