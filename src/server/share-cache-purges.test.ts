import { describe, expect, it } from 'vitest';
import type { CachedAnswer } from '../cache/exact/cached-answer.js';
import type { CacheTags } from '../cache/exact/exact-key.js';
import { MemoryAnswerStore } from '../cache/exact/memory-answer-store.js';
import { MemoryHub, MemoryNotifier } from '../storage/memory/memory-notifier.js';
import type { Notifier } from '../storage/notifier.js';
import { purgeChannel, shareCachePurges } from './share-cache-purges.js';

const tags = (route: string, organizationId = 'acme'): CacheTags => ({
  organizationId,
  projectId: null,
  route,
  model: route,
  namespace: '',
});

const answer = (route: string, organizationId?: string): CachedAnswer => ({
  tags: tags(route, organizationId),
  storedAt: Date.now(),
  content: { kind: 'json', body: '{"text":"cached"}' },
  saved: { inputTokens: 1, outputTokens: 1, usd: null },
});

/** Replicas with in-process caches on one notifier medium; each holds the same three entries. */
async function replicas(count: number) {
  const hub = new MemoryHub();
  const logged: string[] = [];
  const notifiers: MemoryNotifier[] = [];
  const caches = await Promise.all(
    Array.from({ length: count }, async () => {
      const local = new MemoryAnswerStore(1e6);
      await local.set('support', answer('support'), 60_000);
      await local.set('sales', answer('sales'), 60_000);
      await local.set('other-org', answer('support', 'globex'), 60_000);
      const notifier = new MemoryNotifier({ hub });
      notifiers.push(notifier);
      const shared = await shareCachePurges(local, notifier, (line) => logged.push(line));
      return { local, ...shared };
    }),
  );
  const holds = async (index: number, digest: string, route: string, organizationId?: string) =>
    (await caches[index]!.local.get({ digest, tags: tags(route, organizationId) })) !== undefined;
  return { caches, holds, logged, hub, notifiers };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('shareCachePurges', () => {
  it("applies one replica's purge to every other replica's cache, within the same filter", async () => {
    const { caches, holds } = await replicas(3);
    // The replica that took the call counts only its own entries.
    expect(await caches[0]!.store.purge({ organizationId: 'acme', route: 'support' })).toBe(1);
    await settle();
    for (let index = 0; index < 3; index++) {
      expect(await holds(index, 'support', 'support')).toBe(false);
      // Another route and another organisation's entry under the same route name stay.
      expect(await holds(index, 'sales', 'sales')).toBe(true);
      expect(await holds(index, 'other-org', 'support', 'globex')).toBe(true);
    }
  });

  it("purges an organisation's every entry when the filter names only the organisation", async () => {
    const { caches, holds } = await replicas(2);
    expect(await caches[1]!.store.purge({ organizationId: 'acme' })).toBe(2);
    await settle();
    expect(await holds(0, 'support', 'support')).toBe(false);
    expect(await holds(0, 'sales', 'sales')).toBe(false);
    expect(await holds(0, 'other-org', 'support', 'globex')).toBe(true);
  });

  it('ignores malformed messages and a filter without an organisation', async () => {
    const { holds, hub } = await replicas(1);
    const outsider = new MemoryNotifier({ hub });
    const messages = [
      'not json',
      'null',
      JSON.stringify({ origin: 'x' }),
      JSON.stringify({ origin: 'x', filter: { route: 'support' } }),
      JSON.stringify({ origin: 'x', filter: { organizationId: '' } }),
      JSON.stringify({ origin: 'x', filter: { organizationId: 'acme', route: 7 } }),
      JSON.stringify({ origin: 'x', filter: { organizationId: 'acme', model: 'm'.repeat(201) } }),
      JSON.stringify({ origin: '', filter: { organizationId: 'acme' } }),
    ];
    for (const message of messages) await outsider.publish(purgeChannel, message);
    await settle();
    expect(await holds(0, 'support', 'support')).toBe(true);
    expect(await holds(0, 'sales', 'sales')).toBe(true);
    // A well-formed one from another replica is applied.
    await outsider.publish(purgeChannel, JSON.stringify({ origin: 'x', filter: { organizationId: 'acme' } }));
    await settle();
    expect(await holds(0, 'support', 'support')).toBe(false);
  });

  it('still purges here when the notifier fails, and says so once its tries are spent', async () => {
    const { caches, holds, logged, notifiers } = await replicas(1);
    await notifiers[0]!.close();
    expect(await caches[0]!.store.purge({ organizationId: 'acme', route: 'sales' })).toBe(1);
    expect(await holds(0, 'sales', 'sales')).toBe(false);
    // stop() waits for announcements in flight: given up after their last try, and reported.
    await caches[0]!.stop();
    expect(logged.join('\n')).toMatch(/could not tell the other replicas of a cache purge/);
  }, 10_000);

  it('answers a purge at once while the notifier never answers (a stalled Redis)', async () => {
    const local = new MemoryAnswerStore(1e6);
    await local.set('sales', answer('sales'), 60_000);
    const stalled: Notifier = {
      publish: () => new Promise<void>(() => undefined),
      subscribe: () => Promise.resolve(() => Promise.resolve()),
      close: () => Promise.resolve(),
    };
    const shared = await shareCachePurges(local, stalled, () => undefined);
    const started = performance.now();
    expect(await shared.store.purge({ organizationId: 'acme', route: 'sales' })).toBe(1);
    expect(performance.now() - started).toBeLessThan(200);
    expect(await local.get({ digest: 'sales', tags: tags('sales') })).toBeUndefined();
  });

  it('stops applying other replicas’ purges once stopped', async () => {
    const { caches, holds } = await replicas(2);
    await caches[1]!.stop();
    await caches[0]!.store.purge({ organizationId: 'acme' });
    await settle();
    expect(await holds(1, 'support', 'support')).toBe(true);
  });
});
