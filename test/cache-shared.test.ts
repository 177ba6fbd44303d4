// The exact cache shared by replicas through Redis (issue 6): an answer one gateway stored is a
// hit on another gateway of the same cluster, and a purge on one empties it for both. Replicas that
// cache in process hear each other's purges on the notifier: Redis, or Postgres without Redis.

import { expect, it } from 'vitest';
import { describeWithPostgres, describeWithRedis } from '../src/storage/testing/services.js';
import { askChat } from './support/fault-gateway.js';
import { startPostgresReplicas, startRedisReplicas, type Replicas } from './support/replicas.js';

describeWithRedis('exact cache shared through Redis', (redis) => {
  it('serves on one replica what another stored, and purges for both', async () => {
    const { first, second, primary } = await startRedisReplicas(
      redis,
      {},
      `
models:
  chat:
    cache: { enabled: true }
    targets: [{ provider: primary, model: gpt-4o-mini }]
`,
    );
    const miss = await askChat(first, 'chat');
    expect(miss.headers.get('x-switchyard-cache')).toBe('miss');
    const answer = await miss.text();
    await expect
      .poll(async () => (await askChat(second, 'chat')).headers.get('x-switchyard-cache'), { timeout: 2000 })
      .toBe('hit');
    const hit = await askChat(second, 'chat');
    expect(await hit.text()).toBe(answer);
    expect(primary.requests).toBe(1);
    const purged = await fetch(`${second.url}/admin/cache?route=chat`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${second.adminToken}` },
    });
    expect(await purged.json()).toEqual({ deleted: 1 });
    expect((await askChat(first, 'chat')).headers.get('x-switchyard-cache')).toBe('miss');
    // Redis keeps its own figures: no in-process store series on /metrics.
    const metrics = await (await fetch(`${first.url}/metrics`)).text();
    expect(metrics).toMatch(/^switchyard_cache_requests_total/m);
    expect(metrics).not.toMatch(/^switchyard_cache_entries/m);
  });
});

const inProcessCache = `
cache:
  store: memory
models:
  chat:
    cache: { enabled: true }
    targets: [{ provider: primary, model: gpt-4o-mini }]
`;

/** Each replica caches alone; a purge on the second reaches the first through the notifier. */
async function purgeReachesTheOther({ first, second, primary }: Replicas): Promise<void> {
  for (const replica of [first, second]) {
    expect((await askChat(replica, 'chat')).headers.get('x-switchyard-cache')).toBe('miss');
    expect((await askChat(replica, 'chat')).headers.get('x-switchyard-cache')).toBe('hit');
  }
  expect(primary.requests).toBe(2);
  const purged = await fetch(`${second.url}/admin/cache?route=chat`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${second.adminToken}` },
  });
  // This replica's own entries; the other replica purges its own when the notice arrives.
  expect(await purged.json()).toEqual({ deleted: 1 });
  expect((await askChat(second, 'chat')).headers.get('x-switchyard-cache')).toBe('miss');
  await expect
    .poll(async () => (await askChat(first, 'chat')).headers.get('x-switchyard-cache'), { timeout: 2000 })
    .toBe('miss');
}

describeWithRedis('in-process caches on a Redis cluster', (redis) => {
  it('caches on each replica alone, and a purge on one reaches the other', async () => {
    await purgeReachesTheOther(await startRedisReplicas(redis, {}, inProcessCache));
  });
});

describeWithPostgres('in-process caches on a Postgres cluster without Redis', (postgres) => {
  it('caches on each replica alone, and a purge on one reaches the other through Postgres', async () => {
    await purgeReachesTheOther(await startPostgresReplicas(postgres, {}, inProcessCache));
  });
});
