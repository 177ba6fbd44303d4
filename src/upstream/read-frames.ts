// Read a streamed upstream body in the framing its provider uses, as batches of events: one
// batch per network chunk, so the caller can write a batch with one syscall.

import type { SseEvent, StreamFraming } from '../providers/provider.js';
import { readEventStream } from './event-stream-reader.js';
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
      return readEventStream(body);
  }
}
