// Turn an upstream response body into SSE events, one upstream chunk at a time, with the
// eventsource-parser library (comments are legal SSE and simply ignored). Never rewrites text.

import { createParser } from 'eventsource-parser';
import type { SseEvent } from '../providers/provider.js';

/** Yields the events of each network chunk as a batch, so callers can write them with one syscall. */
export async function* readSse(body: AsyncIterable<Buffer | string>): AsyncGenerator<SseEvent[]> {
  let batch: SseEvent[] = [];
  const parser = createParser({
    onEvent(message) {
      batch.push(
        message.event === undefined ? { data: message.data } : { event: message.event, data: message.data },
      );
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (batch.length > 0) {
      const ready = batch;
      batch = [];
      yield ready;
    }
  }
  // A last event without its blank line is not complete SSE: drop it, the caller sees no terminal event.
}
