// One local upstream (answers chosen per path) and one undici dispatcher for a transport test
// file: started before its tests and closed after them. The fields are set once beforeAll ran.

import { Agent } from 'undici';
import { afterAll, beforeAll } from 'vitest';
import { startLocalUpstream, type LocalUpstream } from '../../src/upstream/testing/local-upstream.js';

export interface LocalUpstreamSuite {
  origin: string;
  routes: LocalUpstream['routes'];
  /** No timeouts of its own: the options under test set them. */
  dispatcher: Agent;
  /** The dispatcher and 2-second header and idle timeouts, for a test's send options. */
  transport(): { dispatcher: Agent; headersTimeoutMs: number; idleTimeoutMs: number };
}

/** Call at a file's (or a describe's) top level. */
export function localUpstreamSuite(): LocalUpstreamSuite {
  let upstream: LocalUpstream | undefined;
  const dispatcher = new Agent({ headersTimeout: 0, bodyTimeout: 0 });
  const suite: LocalUpstreamSuite = {
    origin: '',
    routes: new Map(),
    dispatcher,
    transport: () => ({ dispatcher, headersTimeoutMs: 2_000, idleTimeoutMs: 2_000 }),
  };
  beforeAll(async () => {
    upstream = await startLocalUpstream();
    suite.origin = upstream.origin;
    suite.routes = upstream.routes;
  });
  afterAll(async () => {
    await dispatcher.close();
    await upstream?.close();
  });
  return suite;
}
