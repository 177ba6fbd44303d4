import { describe, expect, it, onTestFinished } from 'vitest';
import { DeploymentQuotas } from '../routing/deployment-quotas.js';
import { MemoryHub, MemoryNotifier } from '../storage/memory/memory-notifier.js';
import type { Notifier } from '../storage/notifier.js';
import { quotaChannel, shareQuotas } from './share-quotas.js';

async function replica(hub: MemoryHub, intervalMs = 20) {
  const quotas = new DeploymentQuotas();
  const notifier = new MemoryNotifier({ hub });
  const lines: string[] = [];
  const stop = await shareQuotas(quotas, notifier, (line) => lines.push(line), intervalMs);
  onTestFinished(async () => {
    await stop();
    await notifier.close();
  });
  return { quotas, notifier, lines, stop };
}

describe('shareQuotas', () => {
  it("adds each replica's counts to the others' minute, without echoing them back", async () => {
    const hub = new MemoryHub();
    const first = await replica(hub);
    const second = await replica(hub);
    for (let index = 0; index < 3; index++) first.quotas.countRequest('east');
    first.quotas.countTokens('east', 90);
    second.quotas.rateLimited('west', 5000);
    await expect.poll(() => second.quotas.lastMinute('east')).toEqual({ requests: 3, tokens: 90 });
    await expect.poll(() => first.quotas.isShort('west')).toBe(true);
    // Several intervals later the counts are still counted once on each side.
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(first.quotas.lastMinute('east')).toEqual({ requests: 3, tokens: 90 });
    expect(second.quotas.lastMinute('east')).toEqual({ requests: 3, tokens: 90 });
  });

  it('keeps counts it could not send and sends them once the notifier is back', async () => {
    const hub = new MemoryHub();
    const quotas = new DeploymentQuotas();
    const inner = new MemoryNotifier({ hub });
    let down = true;
    const flaky: Notifier = {
      publish: (channel, message) =>
        down ? Promise.reject(new Error('redis down')) : inner.publish(channel, message),
      subscribe: (channel, handler) => inner.subscribe(channel, handler),
      close: () => inner.close(),
    };
    const lines: string[] = [];
    const stop = await shareQuotas(quotas, flaky, (line) => lines.push(line), 20);
    onTestFinished(async () => {
      await stop();
      await inner.close();
    });
    const second = await replica(hub);
    for (let index = 0; index < 4; index++) quotas.countRequest('east');
    await expect.poll(() => lines.length).toBeGreaterThanOrEqual(2);
    quotas.countRequest('east');
    down = false;
    await expect.poll(() => second.quotas.lastMinute('east').requests).toBe(5);
    // Sent once: later intervals do not repeat them.
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(second.quotas.lastMinute('east').requests).toBe(5);
  });

  it('sends what is left when it stops', async () => {
    const hub = new MemoryHub();
    const first = await replica(hub, 60_000);
    const second = await replica(hub, 60_000);
    first.quotas.countRequest('east');
    await first.stop();
    await expect.poll(() => second.quotas.lastMinute('east').requests).toBe(1);
  });

  it('ignores malformed or hostile messages', async () => {
    const hub = new MemoryHub();
    const target = await replica(hub);
    const publisher = new MemoryNotifier({ hub });
    onTestFinished(() => publisher.close());
    const hostile = [
      'not json',
      'null',
      '[]',
      JSON.stringify({ origin: 'x', counts: 'many', short: [] }),
      JSON.stringify({ origin: 'x', counts: [{ key: 'east', requests: -5, tokens: 0 }], short: [] }),
      JSON.stringify({ origin: 'x', counts: [{ key: 'east', requests: 1, tokens: Infinity }], short: [] }),
      JSON.stringify({ origin: 'x', counts: [], short: [{ key: 7, forMs: 1000 }] }),
      JSON.stringify({
        origin: 'x',
        counts: Array.from({ length: 10_001 }, () => ({ key: 'east', requests: 1, tokens: 0 })),
        short: [],
      }),
    ];
    for (const message of hostile) await publisher.publish(quotaChannel, message);
    await publisher.publish(
      quotaChannel,
      JSON.stringify({ origin: 'x', counts: [{ key: 'west', requests: 1, tokens: 0 }], short: [] }),
    );
    await expect.poll(() => target.quotas.lastMinute('west').requests).toBe(1);
    expect(target.quotas.lastMinute('east')).toEqual({ requests: 0, tokens: 0 });
    expect(target.quotas.isShort('east')).toBe(false);
  });
});
