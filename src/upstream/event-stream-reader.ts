// Reads an AWS binary event stream (application/vnd.amazon.eventstream, used by Bedrock's streaming
// APIs) into the same SseEvent batches the SSE reader yields. Framing and CRC checks only: decoding the
// payloads is the provider's job. Message parsing is @smithy's EventStreamCodec, never hand-written.

import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { Message, MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { GatewayError } from '../errors.js';
import type { SseEvent } from '../providers/provider.js';

/**
 * Prelude (total length, headers length, prelude CRC) plus the trailing message CRC.
 * @see https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html#streaming-event-stream
 */
const preludeBytes = 12;
const minimumMessageBytes = 16;
/** No Bedrock event comes near this; a larger length is a corrupt prelude, not a message to wait for. */
const maximumMessageBytes = 16 * 1024 * 1024;

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/**
 * Splits a byte stream into event-stream messages across arbitrary chunk boundaries. Push each
 * network chunk; complete messages come back as events, a partial one waits for the next chunk.
 */
export class EventStreamSplitter {
  #pending: Buffer = Buffer.alloc(0);

  /** The events completed by this chunk. Throws a GatewayError on a corrupt frame. */
  push(chunk: Uint8Array): SseEvent[] {
    let buffer = this.#pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#pending, chunk]);
    const events: SseEvent[] = [];
    while (buffer.length >= preludeBytes) {
      const length = buffer.readUInt32BE(0);
      if (length < minimumMessageBytes || length > maximumMessageBytes) {
        throw corrupt(`a message length of ${length} bytes`);
      }
      if (buffer.length < length) break;
      events.push(toSseEvent(decodeMessage(buffer.subarray(0, length))));
      buffer = buffer.subarray(length);
    }
    this.#pending = buffer;
    return events;
  }

  /** Bytes of a message not yet complete: non-zero when the body ended mid-frame. */
  get pendingBytes(): number {
    return this.#pending.length;
  }
}

/**
 * Yields the events of each network chunk as a batch. A body that ends mid-frame simply ends (the
 * caller sees no terminal event and reports a cut); a corrupt frame throws stream_interrupted.
 */
export async function* readEventStream(body: AsyncIterable<Buffer | string>): AsyncGenerator<SseEvent[]> {
  const splitter = new EventStreamSplitter();
  for await (const chunk of body) {
    const events = splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'binary') : chunk);
    if (events.length > 0) yield events;
  }
}

function decodeMessage(bytes: Uint8Array): Message {
  try {
    return codec.decode(bytes);
  } catch (error) {
    // The codec's own text names the CRC values; the cause keeps it for logs.
    throw corrupt('a checksum or header that does not match', error);
  }
}

/**
 * `:message-type` event -> its `:event-type`; exception -> its `:exception-type` (the error member's
 * name, e.g. throttlingException); a generic error -> `:error-code` with its message as JSON.
 * @see https://smithy.io/2.0/aws/amazon-eventstream.html#message-headers
 */
export function toSseEvent(message: Message): SseEvent {
  const type = stringHeader(message.headers, ':message-type');
  const payload = toUtf8(message.body);
  switch (type) {
    case 'exception':
      return { event: stringHeader(message.headers, ':exception-type') ?? 'exception', data: payload };
    case 'error':
      return {
        event: stringHeader(message.headers, ':error-code') ?? 'error',
        data: JSON.stringify({ message: stringHeader(message.headers, ':error-message') ?? '' }),
      };
    case 'event':
    case undefined:
    default: {
      const event = stringHeader(message.headers, ':event-type');
      return event === undefined ? { data: payload } : { event, data: payload };
    }
  }
}

function stringHeader(headers: MessageHeaders, name: string): string | undefined {
  const header = headers[name];
  return header?.type === 'string' ? header.value : undefined;
}

function corrupt(what: string, cause?: unknown): GatewayError {
  return new GatewayError(
    'stream_interrupted',
    `The provider's event stream is corrupt (${what}); the answer cannot be trusted to be complete.`,
    { cause },
  );
}
