import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream } from '../mock-upstream.js';
import type { MockUpstream } from '../mock-upstream.js';
import type { Target } from '../target.js';
import { warmStreams } from './stream-warmup.js';

const target = (origin: string, authorization: string): Target => ({
  name: 'direct',
  origin,
  authorization,
  model: 'gpt-4o-mini',
  pid: process.pid,
  stop: async () => undefined,
});

let mock: MockUpstream;
beforeAll(async () => {
  mock = await startMockUpstream({ firstContentDelayMs: 5, chunkIntervalMs: 1 });
});
afterAll(() => mock.close());

describe('warmStreams', () => {
  it('keeps complete streams going at the given concurrency until the time is up', async () => {
    const started = performance.now();
    const completed = await warmStreams(target(mock.url, 'Bearer bench-key'), {
      concurrency: 4,
      durationMs: 300,
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    // Each stream takes ~30 ms here, four at a time: several rounds, not one.
    expect(completed).toBeGreaterThan(8);
  });

  it('counts only complete streams: a target that refuses every one completes none', async () => {
    expect(await warmStreams(target(mock.url, 'Bearer wrong-key'), { concurrency: 2, durationMs: 100 })).toBe(
      0,
    );
  });
});
