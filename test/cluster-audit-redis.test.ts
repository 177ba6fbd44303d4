// Cluster audit: Redis stalls (stops answering without closing its connections, as a Redis under
// `CLIENT PAUSE`, `DEBUG SLEEP` or a long fork does) under one replica, through that replica's
// own proxy so the shared Redis is never touched. docs/architecture.md: "Nothing on this path
// waits on storage or Redis". The data plane holds up (the passing test pins it); the admin API's
// revoke does not.

import { expect, it } from 'vitest';
import { describeWithPostgres, describeWithRedis } from '../src/storage/testing/services.js';
import { chat, createKey, revokeKey, sleep, startCluster } from './support/cluster-audit.js';

const yaml = `
models:
  chat:
    cache: { enabled: true }
    targets: [{ provider: primary, model: m }]
`;

describeWithRedis('cluster audit: Redis stalls', (redis) => {
  describeWithPostgres('on Postgres + Redis', (postgres) => {
    it('answers without waiting on a stalled Redis, and uses the shared cache again once it is back', async () => {
      const { replicas, upstreams, redisProxies } = await startCluster({
        postgres,
        redis,
        replicas: 2,
        proxyRedis: true,
        upstreams: { primary: {} },
        yaml,
      });
      const [first, second] = [replicas[0]!, replicas[1]!];
      const key = first.key;
      const miss = await chat(first, key, 'chat');
      expect(miss.headers.get('x-switchyard-cache')).toBe('miss');
      await miss.arrayBuffer();
      await expect
        .poll(async () => (await chat(second, key, 'chat')).headers.get('x-switchyard-cache'), {
          timeout: 2000,
        })
        .toBe('hit');
      const upstreamBefore = upstreams.primary!.requests;
      redisProxies[1]!.stall();
      const during = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const sent = Date.now();
          const response = await chat(second, key, 'chat');
          await response.arrayBuffer();
          return {
            status: response.status,
            cache: response.headers.get('x-switchyard-cache'),
            ms: Date.now() - sent,
          };
        }),
      );
      // The cache fails open (its reads give up after 100 ms): answered from upstream, promptly.
      expect(during.every((answer) => answer.status === 200)).toBe(true);
      expect(Math.max(...during.map((answer) => answer.ms))).toBeLessThan(1500);
      expect(upstreams.primary!.requests).toBeGreaterThan(upstreamBefore);
      redisProxies[1]!.restore();
      await expect
        .poll(async () => (await chat(second, key, 'chat')).headers.get('x-switchyard-cache'), {
          timeout: 5000,
        })
        .toBe('hit');
    });

    it('answers a key revoke while Redis is stalled, instead of hanging until Redis answers', async () => {
      // What a user expects: `switchyard keys revoke` (DELETE /admin/keys/:id) returns promptly:
      // the revocation is committed in Postgres before the announcement. Today revoke awaits
      // notifier.publish (auth/key-authenticator.ts), and the Redis notifier's publisher has no
      // command timeout (storage/redis/redis-notifier.ts: only maxRetriesPerRequest, which a
      // connection that stays open never uses up), so the admin call hangs for as long as Redis
      // stalls; the CLI then reports a failure for a revoke that happened. Fix: a command timeout
      // on the publisher (the answer store has 100 ms), or publish without awaiting and report it.
      const { replicas, redisProxies } = await startCluster({
        postgres,
        redis,
        replicas: 1,
        proxyRedis: true,
        upstreams: { primary: {} },
        yaml,
      });
      const replica = replicas[0]!;
      const { key, id } = await createKey(replica, 'to revoke during a stall');
      expect((await chat(replica, key, 'chat')).status).toBe(200);
      redisProxies[0]!.stall();
      try {
        const sent = Date.now();
        const outcome = await Promise.race([
          revokeKey(replica, id).then((response) => response.status),
          sleep(5000).then(() => 'no answer after 5 s'),
        ]);
        expect(outcome).toBe(200);
        expect(Date.now() - sent).toBeLessThan(5000);
      } finally {
        redisProxies[0]!.restore();
      }
    });
  });
});
