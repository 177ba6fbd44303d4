// Write a committed stream to the client: headers and the held prelude at once, then each piece
// as it comes, honouring backpressure. A client that leaves stops the upstream at once.

import type { ChatOutcome } from '../pipeline/chat-types.js';
import type { RequestSignal } from '../upstream/abort-signal.js';
import type { Exchange } from './exchange.js';

type StreamOutcome = Extract<ChatOutcome, { kind: 'stream' }>;

/** `headers`: the answer's own (routing, warnings), after the stream's and the ids. */
export async function writeStream(
  exchange: Exchange,
  outcome: StreamOutcome,
  headers: Record<string, string> = {},
): Promise<void> {
  const response = exchange.response;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    ...exchange.idHeaders(),
    ...headers,
  });
  // No flushHeaders(): the first write carries the headers and the held prelude in one packet,
  // which the client sees about a tenth of a millisecond sooner than two.
  // Waiting starts as soon as a write is refused: the 'drain' that ends it may come while the
  // next upstream batch is awaited, and would be missed by a listener added only then.
  let waiting: Promise<void> | undefined;
  const write = (text: string): void => {
    if (!response.write(text)) waiting = drained(exchange, outcome.stop);
  };
  write(outcome.head);
  for await (const text of outcome.rest) {
    if (waiting !== undefined) {
      await waiting;
      waiting = undefined;
      // Leaving the loop returns the generator, which aborts the upstream at once.
      if (exchange.cancelled) break;
      if (outcome.stop?.aborted === true && response.writableLength > 0) {
        // The attempt ran out of time while the client read nothing: there is no one to tell.
        response.destroy();
        return;
      }
    }
    if (exchange.cancelled) break;
    write(text);
  }
  if (!exchange.cancelled) response.end();
}

/**
 * Resolves when the client has taken what was written, has gone away, or the attempt has been
 * stopped (its deadline passed) while it read nothing.
 */
function drained(exchange: Exchange, stop: RequestSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = exchange.onCancel(done);
    exchange.response.once('drain', done);
    stop?.once('abort', done);
    function done(): void {
      unsubscribe();
      exchange.response.off('drain', done);
      stop?.off('abort', done);
      resolve();
    }
  });
}
