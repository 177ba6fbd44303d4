import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockControl } from '../mock-control.js';
import { startMockUpstream } from '../mock-upstream.js';
import type { MockUpstream } from '../mock-upstream.js';
import type { Target } from '../target.js';
import { measureOpenStreams } from './open-streams.js';

const target = (origin: string): Target => ({
  name: 'direct',
  origin,
  authorization: 'Bearer bench-key',
  model: 'gpt-4o-mini',
  pid: process.pid,
  stop: async () => undefined,
});

let mock: MockUpstream;
let control: MockControl;
beforeAll(async () => {
  mock = await startMockUpstream();
  control = new MockControl(mock.url);
});
afterAll(() => mock.close());

const options = { streams: 20, openTimeoutMs: 5000, sampleMs: 60, finishTimeoutMs: 5000 };

describe('measureOpenStreams', () => {
  it('holds every stream open at once, samples RSS, then lets them all finish', async () => {
    const result = await measureOpenStreams(target(mock.url), control, options);
    expect(result).toMatchObject({ opened: 20, heldUpstream: 20, errors: 0 });
    expect(result.peakRssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(await control.state()).toMatchObject({ holding: false, held: 0, openStreams: 0 });
  });

  it('reports how many streams a target that caps upstream connections really opened', async () => {
    // A stand-in for a target that queues streams beyond 5 upstream connections.
    const capped = new Pool(mock.url, { connections: 5 });
    const server = createServer((request, response) => {
      capped
        .stream(
          { path: request.url ?? '/', method: 'POST', headers: request.headers, body: request },
          ({ statusCode }) => {
            response.writeHead(statusCode, { 'content-type': 'text/event-stream' });
            return response;
          },
        )
        .catch(() => response.destroy());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const result = await measureOpenStreams(target(origin), control, { ...options, openTimeoutMs: 1500 });
      expect(result.opened).toBe(5);
      expect(result.heldUpstream).toBe(5);
      // Once released, the queued streams run too and all complete.
      expect(result.errors).toBe(0);
    } finally {
      server.closeAllConnections();
      server.close();
      await capped.destroy();
    }
  });

  it('gives up on streams that never finish and counts them as failed', async () => {
    const silent = createServer((request) => request.resume());
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const origin = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const result = await measureOpenStreams(target(origin), control, {
        ...options,
        streams: 3,
        openTimeoutMs: 100,
        finishTimeoutMs: 100,
      });
      expect(result).toMatchObject({ opened: 0, heldUpstream: 0, errors: 3 });
      expect((await control.state()).holding).toBe(false);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
