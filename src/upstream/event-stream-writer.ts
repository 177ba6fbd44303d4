// Test support only (the gateway never writes event streams): encodes events as AWS binary
// event-stream messages with @smithy's EventStreamCodec, for mock Bedrock upstreams and the
// provider contract suite. Also turns SDK union members ({messageStart: {...}}) into events.

import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { SseEvent } from '../providers/provider.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Names of the error members of Bedrock's stream unions: these go out as exception messages. */
const exceptionPattern = /Exception$/;

/**
 * One event as a binary message: `event` names an event type, or an exception type when it ends in
 * "Exception" (Bedrock's error members do).
 * @see https://smithy.io/2.0/aws/amazon-eventstream.html
 */
export function encodeEventMessage(event: SseEvent): Uint8Array {
  const name = event.event ?? 'chunk';
  const headers: MessageHeaders = exceptionPattern.test(name)
    ? {
        ':message-type': { type: 'string', value: 'exception' },
        ':exception-type': { type: 'string', value: name },
        ':content-type': { type: 'string', value: 'application/json' },
      }
    : {
        ':message-type': { type: 'string', value: 'event' },
        ':event-type': { type: 'string', value: name },
        ':content-type': { type: 'string', value: 'application/json' },
      };
  return codec.encode({ headers, body: fromUtf8(event.data) });
}

/** A stream union value ({memberName: value}) -> the event the reader would hand over. */
export function unionEvent(member: object): SseEvent {
  const entries = Object.entries(member);
  const [name, value] = entries[0] ?? ['unknown', {}];
  return { event: name, data: JSON.stringify(value) };
}

/**
 * An Anthropic stream event as Bedrock's InvokeModelWithResponseStream wraps it: a `chunk` event whose
 * payload is `{"bytes": "<base64 of the event's JSON>"}`.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html
 */
export function bedrockChunk(event: object): SseEvent {
  return {
    event: 'chunk',
    data: JSON.stringify({ bytes: Buffer.from(JSON.stringify(event)).toString('base64') }),
  };
}
