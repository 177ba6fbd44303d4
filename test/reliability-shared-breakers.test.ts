// Circuit breakers shared by replicas through Redis (issue 5): when one gateway opens a
// deployment's breaker, another gateway on the same Redis skips that deployment too, at once,
// without having seen a failure of its own; and a replica's recovery closes it for the others.

import { expect, it, onTestFinished } from 'vitest';
import { describeWithRedis } from '../src/storage/testing/services.js';
import { FaultUpstream } from '../src/upstream/testing/fault-upstream.js';
import { askChat } from './support/fault-gateway.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

async function metric(gateway: TestGateway, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const found = text.split('\n').find((candidate) => line.test(candidate));
  return found === undefined ? undefined : Number(found.split(' ').at(-1));
}

const primaryState = /^switchyard_circuit_breaker_state\{provider="primary",model="m-primary"\}/;

describeWithRedis('circuit breakers shared through Redis', (redis) => {
  async function replicas(): Promise<{ first: TestGateway; second: TestGateway; primary: FaultUpstream }> {
    const primary = await new FaultUpstream({
      plan: { faults: [{ fault: { kind: 'status', status: 503 }, rate: 1 }] },
    }).start();
    const backup = await new FaultUpstream().start();
    const yaml = `
storage:
  redisUrl: ${redis.url}
  redisPrefix: "${redis.prefix}"
providers:
  primary: { type: openai, baseUrl: ${primary.origin}/v1, apiKey: primary-key }
  backup: { type: openai, baseUrl: ${backup.origin}/v1, apiKey: backup-key }
defaults:
  retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 5 }
  circuitBreaker: { consecutiveFailures: 3, openMs: 800 }
models:
  chat:
    targets: [{ provider: primary, model: m-primary }, { provider: backup, model: m-backup }]
`;
    const first = await startTestGateway(yaml);
    const second = await startTestGateway(yaml);
    onTestFinished(async () => {
      await first.close();
      await second.close();
      await primary.stop();
      await backup.stop();
    });
    return { first, second, primary };
  }

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
