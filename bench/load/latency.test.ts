import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionBody } from '../mock-payloads.js';
import { startMockUpstream } from '../mock-upstream.js';
import type { MockUpstream } from '../mock-upstream.js';
import type { Target } from '../target.js';
import { measureLatency } from './latency.js';

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

describe('measureLatency', () => {
  it('times every successful request', async () => {
    const result = await measureLatency(target(mock.url), { warmup: 5, requests: 50 });
    expect(result.errors).toBe(0);
    expect(result.p50Us).toBeGreaterThan(0);
    expect(result.p99Us).toBeGreaterThanOrEqual(result.p50Us);
  });

  it('measures in microseconds: a server that waits 5 ms shows at least 5000 µs', async () => {
    const slow = createServer((_request, response) => {
      _request.resume();
      setTimeout(
        () => response.writeHead(200, { 'content-type': 'application/json' }).end(completionBody),
        5,
      );
    });
    slow.listen(0, '127.0.0.1');
    await once(slow, 'listening');
    try {
      const origin = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
      const result = await measureLatency(target(origin), { warmup: 1, requests: 10 });
      expect(result.p50Us).toBeGreaterThanOrEqual(5000);
      expect(result.p50Us).toBeLessThan(1_000_000);
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  });

  it('counts refused requests as errors and times only the successes', async () => {
    let count = 0;
    const flaky = createServer((request, response) => {
      request.resume();
      count += 1;
      // Every third request fails, quickly, after the successes wait 3 ms.
      if (count % 3 === 0) return void response.writeHead(503).end();
      setTimeout(
        () => response.writeHead(200, { 'content-type': 'application/json' }).end(completionBody),
        3,
      );
    });
    flaky.listen(0, '127.0.0.1');
    await once(flaky, 'listening');
    try {
      const origin = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
      const result = await measureLatency(target(origin), { warmup: 0, requests: 30 });
      expect(result.errors).toBe(10);
      expect(result.p50Us).toBeGreaterThanOrEqual(3000);
    } finally {
      flaky.closeAllConnections();
      flaky.close();
    }
  });

  it('gives up on a target that keeps refusing, instead of timing every request out', async () => {
    await expect(
      measureLatency(target(mock.url, 'Bearer wrong'), { warmup: 0, requests: 1000 }),
    ).rejects.toThrow(/5 requests in a row failed/);
  });
});
