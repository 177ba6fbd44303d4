// Balancing one model over several deployments (issue 5): by weight, by requests in flight, by
// recent latency, and sticky by a header, against two local upstreams whose speed is set per test.

import { describe, expect, it } from 'vitest';
import type { FaultPlan } from '../src/upstream/testing/fault-plan.js';
import { askChat, startFaultGateway } from './support/fault-gateway.js';
import type { TestGateway } from './support/test-gateway.js';

async function start(
  route: string,
  plans: { east?: FaultPlan; west?: FaultPlan } = {},
): Promise<TestGateway> {
  const started = await startFaultGateway(
    { east: plans.east ?? {}, west: plans.west ?? {} },
    `models:\n  chat:\n${route}\n`,
  );
  return started.gateway;
}

async function servedBy(gateway: TestGateway, headers: Record<string, string> = {}): Promise<string> {
  const response = await askChat(gateway, 'chat', headers);
  expect(response.status).toBe(200);
  // The balancer's first choice is never reported as a fallback.
  expect(response.headers.get('x-switchyard-fallback')).toBe('false');
  await response.arrayBuffer();
  return response.headers.get('x-switchyard-provider') ?? '';
}

/** Requests served per provider, `concurrency` at a time. */
async function tally(gateway: TestGateway, total: number, concurrency = 1): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < total) {
        sent++;
        const provider = await servedBy(gateway);
        counts[provider] = (counts[provider] ?? 0) + 1;
      }
    }),
  );
  return counts;
}

describe('balancing', () => {
  it('splits traffic by weight', async () => {
    const gateway = await start(`    balance: weighted
    targets: [{ provider: east, weight: 3 }, { provider: west, weight: 1 }]`);
    const counts = await tally(gateway, 800, 8);
    expect(counts.east! / 800).toBeGreaterThan(0.69);
    expect(counts.east! / 800).toBeLessThan(0.81);
    expect(counts.east! + counts.west!).toBe(800);
  });

  it('sends most traffic to the faster deployment under balance: latency', async () => {
    const gateway = await start(
      `    balance: latency
    targets: [{ provider: east }, { provider: west }]`,
      { east: { latency: { kind: 'fixed', ms: 40 } } },
    );
    const counts = await tally(gateway, 100);
    expect(counts.west!).toBeGreaterThanOrEqual(90);
  });

  it('sends most traffic to the deployment with fewer requests open under least-in-flight', async () => {
    const gateway = await start(
      `    balance: least-in-flight
    targets: [{ provider: east }, { provider: west }]`,
      { east: { latency: { kind: 'fixed', ms: 60 } } },
    );
    const counts = await tally(gateway, 300, 6);
    // east holds each request 60 ms, so it is busier nearly every time the balancer looks.
    expect(counts.west! / 300).toBeGreaterThan(0.8);
  });

  it('keeps a caller on one deployment by its header, and spreads callers', async () => {
    const gateway = await start(`    balance: least-in-flight
    sticky: { header: x-user }
    targets: [{ provider: east }, { provider: west }]`);
    const first = await servedBy(gateway, { 'x-user': 'alice' });
    for (let index = 0; index < 15; index++)
      expect(await servedBy(gateway, { 'x-user': 'alice' })).toBe(first);
    const providers = new Set<string>();
    for (let index = 0; index < 40; index++)
      providers.add(await servedBy(gateway, { 'x-user': `user-${index}` }));
    expect(providers).toEqual(new Set(['east', 'west']));
  });
});
