// Declared quotas counted across replicas through Redis (issue 5): requests one gateway sent to a
// deployment count against its `limits:` on every gateway, so a second replica moves traffic away
// from a deployment the first one used up, without having sent it anything itself.

import { expect, it } from 'vitest';
import { describeWithRedis } from '../src/storage/testing/services.js';
import { askChat } from './support/fault-gateway.js';
import { startRedisReplicas } from './support/replicas.js';

describeWithRedis('declared quotas shared through Redis', (redis) => {
  it('routes away from a deployment another replica used up, about a second later', async () => {
    const { first, second, primary } = await startRedisReplicas(
      redis,
      {},
      `
models:
  chat:
    targets:
      - { provider: primary, model: m-primary, limits: { requestsPerMinute: 4 } }
      - { provider: backup, model: m-backup }
`,
    );
    for (let index = 0; index < 4; index++) {
      const response = await askChat(first, 'chat');
      expect(response.headers.get('x-switchyard-provider')).toBe('primary');
      await response.arrayBuffer();
    }
    // The first replica's counts reach the second within its one-second sharing interval.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const response = await askChat(second, 'chat');
    expect(response.headers.get('x-switchyard-provider')).toBe('backup');
    expect(primary.requests).toBe(4);
  });
});
