// Graceful stop: refuse new connections, let in-flight requests and streams finish within the
// grace period, then close whatever is left.

import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export async function drainServer(server: Server, inFlight: () => number, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = Date.now() + graceMs;
  while (inFlight() > 0 && Date.now() < deadline) {
    await sleep(50);
    server.closeIdleConnections();
  }
  server.closeAllConnections();
  await closed;
}
