// Write a committed stream to the client: headers and the held prelude at once, then each piece
// as it comes, honouring backpressure. A client that leaves stops the upstream at once.

import { once } from 'node:events';
import type { ChatOutcome } from '../pipeline/chat-types.js';
import type { Exchange } from './exchange.js';

type StreamOutcome = Extract<ChatOutcome, { kind: 'stream' }>;

export async function writeStream(exchange: Exchange, outcome: StreamOutcome): Promise<void> {
  const response = exchange.response;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    ...exchange.idHeaders(),
  });
  response.flushHeaders();
  let writable = response.write(outcome.head);
  try {
    for await (const text of outcome.rest) {
      if (!writable) await once(response, 'drain', { signal: exchange.clientSignal });
      if (exchange.clientSignal.aborted) break;
      writable = response.write(text);
    }
  } catch {
    // The client left while we waited for it to drain: the loop's exit already aborted the upstream.
  }
  if (!exchange.clientSignal.aborted) response.end();
}
