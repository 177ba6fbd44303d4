// Write a committed stream to the client: headers and the held prelude at once, then each piece
// as it comes, honouring backpressure. A client that leaves stops the upstream at once.

import type { ChatOutcome } from '../pipeline/chat-types.js';
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
  let writable = response.write(outcome.head);
  for await (const text of outcome.rest) {
    if (!writable) await drained(exchange);
    // Leaving the loop returns the generator, which aborts the upstream at once.
    if (exchange.cancelled) break;
    writable = response.write(text);
  }
  if (!exchange.cancelled) response.end();
}

/** Resolves when the client has taken what was written, or has gone away. */
function drained(exchange: Exchange): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = exchange.onCancel(done);
    exchange.response.once('drain', done);
    function done(): void {
      unsubscribe();
      exchange.response.off('drain', done);
      resolve();
    }
  });
}
