// A data-plane request's work once its body is in: run in an admission slot (admission.ts), and
// not at all when the client left while it waited for one.

import { GatewayError } from '../errors.js';
import type { Exchange } from './exchange.js';
import type { Gateway } from './gateway.js';

export function admitted(exchange: Exchange, gateway: Gateway, work: () => Promise<void>): Promise<void> {
  return gateway.admission.run(() => {
    // A client that left while the request waited for its slot is owed nothing more.
    if (exchange.cancelled) throw new GatewayError('request_timeout', 'The client closed the connection.');
    return work();
  });
}
