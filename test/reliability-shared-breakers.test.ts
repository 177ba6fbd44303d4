// Circuit breakers shared by replicas through Redis (issue 5): when one gateway opens a
// deployment's breaker, another gateway on the same Redis skips that deployment too, at once,
// without having seen a failure of its own; and a replica's recovery closes it for the others.

import { expect, it } from 'vitest';
import { describeWithRedis } from '../src/storage/testing/services.js';
import { askChat } from './support/fault-gateway.js';
import { startRedisReplicas, type Replicas } from './support/replicas.js';
import type { TestGateway } from './support/test-gateway.js';

async function metric(gateway: TestGateway, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const found = text.split('\n').find((candidate) => line.test(candidate));
  return found === undefined ? undefined : Number(found.split(' ').at(-1));
}

const primaryState = /^switchyard_circuit_breaker_state\{provider="primary",model="m-primary"\}/;

describeWithRedis('circuit breakers shared through Redis', (redis) => {
  const replicas = (): Promise<Replicas> =>
    startRedisReplicas(
      redis,
      { faults: [{ fault: { kind: 'status', status: 503 }, rate: 1 }] },
      `
defaults:
  retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 5 }
  circuitBreaker: { consecutiveFailures: 3, openMs: 800 }
models:
  chat:
    targets: [{ provider: primary, model: m-primary }, { provider: backup, model: m-backup }]
`,
    );

  it("skips a deployment on every replica once one replica's breaker opened", async () => {
    const { first, second, primary } = await replicas();
    for (let index = 0; index < 3; index++) await (await askChat(first, 'chat')).arrayBuffer();
    expect(primary.requests).toBe(3);
    expect(await metric(first, primaryState)).toBe(2);
    // The second replica has seen no failure; it learns of the open breaker through Redis.
    await expect.poll(() => metric(second, primaryState), { timeout: 2000 }).toBe(2);
    const response = await askChat(second, 'chat');
    expect(response.headers.get('x-switchyard-provider')).toBe('backup');
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    expect(primary.requests).toBe(3);
    expect(second.lines.some((line) => /is open \(told by another replica\)/.test(line))).toBe(true);
  });

  it("closes it on every replica when one replica's probe succeeds", async () => {
    const { first, second, primary } = await replicas();
    for (let index = 0; index < 3; index++) await (await askChat(first, 'chat')).arrayBuffer();
    await expect.poll(() => metric(second, primaryState), { timeout: 2000 }).toBe(2);
    primary.setPlan({});
    await new Promise((resolve) => setTimeout(resolve, 850));
    const probe = await askChat(first, 'chat');
    expect(probe.headers.get('x-switchyard-provider')).toBe('primary');
    await expect.poll(() => metric(second, primaryState), { timeout: 2000 }).toBe(0);
  });
});
