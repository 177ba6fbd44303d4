import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamFrames } from '../mock-payloads.js';
import { startMockUpstream } from '../mock-upstream.js';
import type { MockUpstream } from '../mock-upstream.js';
import type { Target } from '../target.js';
import { measureFirstToken } from './first-token.js';

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
  mock = await startMockUpstream({ firstContentDelayMs: 40, chunkIntervalMs: 15 });
});
afterAll(() => mock.close());

describe('measureFirstToken', () => {
  it('measures up to the first content, not the role chunk nor the end of the stream', async () => {
    const result = await measureFirstToken(target(mock.url), { warmup: 1, requests: 5 });
    expect(result.errors).toBe(0);
    // The role chunk comes at once, content 40 ms later, the end ~285 ms after that.
    expect(result.p50Us).toBeGreaterThanOrEqual(39_000);
    expect(result.p50Us).toBeLessThan(250_000);
    expect(result.p99Us).toBeGreaterThanOrEqual(result.p50Us);
  });

  it('counts a stream that stops before [DONE] as failed', async () => {
    const cut = createServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(streamFrames.role + streamFrames.content.slice(0, 3).join(''));
    });
    cut.listen(0, '127.0.0.1');
    await once(cut, 'listening');
    try {
      const origin = `http://127.0.0.1:${(cut.address() as AddressInfo).port}`;
      const result = await measureFirstToken(target(origin), { warmup: 0, requests: 3 });
      expect(result.errors).toBe(3);
      expect(result.p50Us).toBeNaN();
    } finally {
      cut.closeAllConnections();
      cut.close();
    }
  });

  it('counts refused streams as failed, and gives up when they keep failing', async () => {
    const result = await measureFirstToken(target(mock.url, 'Bearer wrong'), { warmup: 0, requests: 2 });
    expect(result.errors).toBe(2);
    await expect(
      measureFirstToken(target(mock.url, 'Bearer wrong'), { warmup: 0, requests: 100 }),
    ).rejects.toThrow(/in a row failed/);
  });
});
