// A streaming request asked upstream for its whole answer instead: for the checks that must read
// an answer whole before any of it goes out (a JSON schema, a hold for review). The answer then
// reaches the client as a well-formed stream (chat-cache.ts sendAsStream), once checked.

import type { ChatCall } from '../pipeline/chat-types.js';
import type { Exchange } from './exchange.js';
import type { Gateway } from './gateway.js';

/** The call without streaming (parsed again, so its canonical form agrees). */
export function wholeAnswerCall(exchange: Exchange, gateway: Gateway, call: ChatCall): ChatCall {
  const { stream: _stream, stream_options: _options, ...rest } = call.body;
  const parsed = gateway.edges[exchange.dialect].parseChat(rest);
  return { ...call, body: parsed.body, canonical: parsed.canonical, stream: false };
}
