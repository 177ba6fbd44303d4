// Read a streamed upstream body in the framing its provider uses, as batches of events: one
// batch per network chunk, so the caller can write a batch with one syscall. The AWS event-stream
// reader (and the @smithy codec under it) loads on the first Bedrock stream, not at start: a
// gateway with no Bedrock provider never carries it.

import type { SseEvent, StreamFraming } from '../providers/provider.js';
import { readSse } from './sse-reader.js';

export function readFrames(
  framing: StreamFraming | undefined,
  body: AsyncIterable<Buffer | string>,
): AsyncGenerator<SseEvent[]> {
  switch (framing) {
    case undefined:
    case 'sse':
      return readSse(body);
    case 'aws-event-stream':
      return readAwsEventStream(body);
  }
}

async function* readAwsEventStream(body: AsyncIterable<Buffer | string>): AsyncGenerator<SseEvent[]> {
  const { readEventStream } = await import('./event-stream-reader.js');
  yield* readEventStream(body);
}
