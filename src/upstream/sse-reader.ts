// Turn an upstream response body into SSE events, one upstream chunk at a time, with the
// eventsource-parser library (comments are legal SSE and simply ignored). Never rewrites text.

import { createParser } from 'eventsource-parser';
import { GatewayError } from '../errors.js';
import type { SseEvent } from '../providers/provider.js';

/** The most text one event may take (a whole answer is capped at 64 MiB; one event is far less). */
export const maxEventBytes = 16 * 1024 * 1024;

/**
 * Yields the events of each network chunk as a batch, so callers can write them with one syscall.
 * An event that grows past `limitBytes` without ending fails the stream: the parser would keep it
 * all in memory, as long as the upstream sends.
 */
export async function* readSse(
  body: AsyncIterable<Buffer | string>,
  limitBytes = maxEventBytes,
): AsyncGenerator<SseEvent[]> {
  let batch: SseEvent[] = [];
  /** Bytes read since an event last ended. */
  let pending = 0;
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
      pending = 0;
      const ready = batch;
      batch = [];
      yield ready;
    } else if ((pending += chunk.length) > limitBytes) {
      throw new GatewayError(
        'upstream_error',
        `The upstream sent a stream event longer than ${limitBytes} bytes.`,
      );
    }
  }
  // A last event without its blank line is not complete SSE: drop it, the caller sees no terminal event.
}
