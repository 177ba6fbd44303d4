import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionBody } from '../mock-payloads.js';
import { startMockUpstream } from '../mock-upstream.js';
import type { MockUpstream } from '../mock-upstream.js';
import type { Target } from '../target.js';
import { measureThroughput } from './throughput.js';

const target = (origin: string, authorization = 'Bearer bench-key'): Target => ({
  name: 'direct',
  origin,
  authorization,
  model: 'gpt-4o-mini',
  pid: process.pid,
  stop: async () => undefined,
});

let mock: MockUpstream;
beforeAll(async () => {
  mock = await startMockUpstream();
});
afterAll(() => mock.close());

describe('measureThroughput', () => {
  it('reports requests per second over the window and CPU per request of the target process', async () => {
    const result = await measureThroughput(target(mock.url), {
      concurrency: 4,
      durationMs: 300,
      warmupMs: 50,
    });
    expect(result.errors).toBe(0);
    expect(result.requests).toBeGreaterThan(10);
    // requests/s is requests over a window at least as long as the duration.
    expect(result.requestsPerSecond).toBeLessThanOrEqual(result.requests / 0.3);
    expect(result.requestsPerSecond).toBeGreaterThan(0);
    // The mock runs in this very process here, so the process did spend CPU on them.
    expect(result.cpuMicrosPerRequest).toBeGreaterThan(0);
  });

  it('keeps exactly the asked number of requests in flight', async () => {
    // Requests wait until 8 are in flight together (or 3 s pass), so a generator that keeps fewer
    // in flight is both caught and slowed; one that sends more shows above 8.
    let most = 0;
    let waiting: Array<() => void> = [];
    const releaseAll = () => {
      for (const release of waiting) release();
      waiting = [];
    };
    const server = createServer((request, response) => {
      request.resume();
      const timer = setTimeout(releaseAll, 3000);
      waiting.push(() => {
        clearTimeout(timer);
        response.writeHead(200, { 'content-type': 'application/json' }).end(completionBody);
      });
      most = Math.max(most, waiting.length);
      if (waiting.length >= 8) releaseAll();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const result = await measureThroughput(target(origin), {
        concurrency: 8,
        durationMs: 300,
        warmupMs: 0,
      });
      expect(most).toBe(8);
      expect(result.errors).toBe(0);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('does not count refused requests as throughput', async () => {
    const result = await measureThroughput(target(mock.url, 'Bearer wrong'), {
      concurrency: 2,
      durationMs: 100,
      warmupMs: 0,
    });
    expect(result.requests).toBe(0);
    expect(result.errors).toBeGreaterThan(0);
    expect(result.requestsPerSecond).toBe(0);
    expect(result.cpuMicrosPerRequest).toBeNaN();
  });
});
