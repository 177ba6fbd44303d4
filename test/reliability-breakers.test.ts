// Retries, fallbacks and circuit breakers against fault-injecting upstreams (issue 5): a primary
// that fails at random or goes hard down, a healthy backup, and what the client sees: answers,
// how fast, and the routing headers that say who served.

import { describe, expect, it } from 'vitest';
import type { FaultPlan } from '../src/upstream/testing/fault-plan.js';
import {
  askChat,
  startPrimaryAndBackup,
  streamChat,
  type PrimaryAndBackup,
} from './support/fault-gateway.js';
import type { TestGateway } from './support/test-gateway.js';

function start(primaryPlan: FaultPlan): Promise<PrimaryAndBackup> {
  return startPrimaryAndBackup(
    primaryPlan,
    `  circuitBreaker: { consecutiveFailures: 5, failureRate: 0.5, minimumRequests: 20, windowMs: 10000, openMs: 400 }
models:
  chat:
    targets:
      - { provider: primary, model: m-primary, timeouts: { totalMs: 300, firstTokenMs: 300 } }
      - { provider: backup, model: m-backup }
  solo:
    targets: [{ provider: primary, model: m-solo }]
    circuitBreaker: { consecutiveFailures: 2, openMs: 60000 }
  unguarded:
    targets: [{ provider: primary, model: m-unguarded }, { provider: backup, model: m-backup }]
    circuitBreaker: { enabled: false }
`,
  );
}

function ask(gateway: TestGateway, model: string): Promise<Response> {
  return askChat(gateway, model);
}

async function metric(gateway: TestGateway, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const found = text.split('\n').find((candidate) => line.test(candidate));
  return found === undefined ? undefined : Number(found.split(' ').at(-1));
}

describe('fallback under random failures', () => {
  it('answers at least 99.9% of 2,000 requests while the primary fails 30% of them', async () => {
    const { gateway, primary, backup } = await start({
      faults: [
        { fault: { kind: 'status', status: 503 }, rate: 0.2 },
        { fault: { kind: 'reset-before-headers' }, rate: 0.1 },
      ],
    });
    const statuses: number[] = [];
    let fallbacks = 0;
    const total = 2000;
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < total) {
          next++;
          const response = await ask(gateway, 'chat');
          statuses.push(response.status);
          if (response.headers.get('x-switchyard-fallback') === 'true') {
            fallbacks++;
            expect(response.headers.get('x-switchyard-provider')).toBe('backup');
            expect(response.headers.get('x-switchyard-model')).toBe('m-backup');
          }
          await response.arrayBuffer();
        }
      }),
    );
    const succeeded = statuses.filter((status) => status === 200).length;
    expect(succeeded / total).toBeGreaterThanOrEqual(0.999);
    // The primary failed about 30% of what it received, and the backup served those.
    const primaryFailures = primary.requests - (primary.outcomes.get('ok') ?? 0);
    expect(primaryFailures / primary.requests).toBeGreaterThan(0.2);
    expect(fallbacks).toBeGreaterThan(total * 0.2);
    expect(backup.outcomes.get('ok')).toBe(fallbacks);
  });
});

describe('circuit breaker', () => {
  it('opens on a hard-down primary: later requests skip it without paying its timeout', async () => {
    const { gateway, primary } = await start({
      faults: [{ fault: { kind: 'hang-before-headers' }, rate: 1 }],
    });
    // Five requests pay the primary's 300 ms attempt timeout, then fall back; that opens it.
    for (let index = 0; index < 5; index++) {
      const response = await ask(gateway, 'chat');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-switchyard-attempts')).toBe('2');
      await response.arrayBuffer();
    }
    expect(primary.requests).toBe(5);
    const durations: number[] = [];
    for (let index = 0; index < 40; index++) {
      const started = performance.now();
      const response = await ask(gateway, 'chat');
      await response.arrayBuffer();
      durations.push(performance.now() - started);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-switchyard-fallback')).toBe('true');
      expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    }
    expect(primary.requests).toBe(5);
    expect(Math.max(...durations)).toBeLessThan(150);
    expect(
      await metric(gateway, /^switchyard_circuit_breaker_state\{provider="primary",model="m-primary"\}/),
    ).toBe(2);
    expect(
      await metric(
        gateway,
        /^switchyard_circuit_breaker_skips_total\{provider="primary",model="m-primary"\}/,
      ),
    ).toBe(40);
    expect(gateway.lines.some((line) => /circuit breaker for primary \/ m-primary is open/.test(line))).toBe(
      true,
    );
  });

  it('probes the primary after openMs and closes when it answers again', async () => {
    const { gateway, primary } = await start({
      faults: [{ fault: { kind: 'status', status: 500 }, rate: 1 }],
    });
    for (let index = 0; index < 5; index++) await (await ask(gateway, 'chat')).arrayBuffer();
    expect(
      await metric(gateway, /^switchyard_circuit_breaker_state\{provider="primary",model="m-primary"\}/),
    ).toBe(2);
    primary.setPlan({});
    await new Promise((resolve) => setTimeout(resolve, 450));
    const probe = await ask(gateway, 'chat');
    expect(probe.status).toBe(200);
    expect(probe.headers.get('x-switchyard-fallback')).toBe('false');
    expect(probe.headers.get('x-switchyard-provider')).toBe('primary');
    expect(
      await metric(gateway, /^switchyard_circuit_breaker_state\{provider="primary",model="m-primary"\}/),
    ).toBe(0);
    for (const state of ['open', 'half-open', 'closed']) {
      const pattern = new RegExp(
        `^switchyard_circuit_breaker_transitions_total\\{provider="primary",model="m-primary",state="${state}"\\}`,
      );
      expect(await metric(gateway, pattern)).toBe(1);
    }
  });

  it('fails fast with 503, Retry-After and x-should-retry when every target is open', async () => {
    const { gateway, primary } = await start({
      faults: [{ fault: { kind: 'status', status: 502 }, rate: 1 }],
    });
    // Two failures open the solo route's breaker; the request's third attempt finds it open.
    const first = await ask(gateway, 'solo');
    expect(first.status).toBe(502);
    expect(first.headers.get('x-should-retry')).toBe('false');
    await first.arrayBuffer();
    expect(primary.requests).toBe(2);
    const started = performance.now();
    const skipped = await ask(gateway, 'solo');
    expect(performance.now() - started).toBeLessThan(100);
    expect(skipped.status).toBe(503);
    expect(Number(skipped.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    const body = (await skipped.json()) as { error: { message: string; type: string } };
    expect(body.error.message).toMatch(/circuit breaker open/);
    expect(primary.requests).toBe(2);
  });

  it('never skips a deployment of a route whose breakers are off', async () => {
    const { gateway, primary } = await start({
      faults: [{ fault: { kind: 'status', status: 503 }, rate: 1 }],
    });
    for (let index = 0; index < 12; index++) {
      const response = await ask(gateway, 'unguarded');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-switchyard-attempts')).toBe('2');
      await response.arrayBuffer();
    }
    expect(primary.requests).toBe(12);
  });

  it('routes a stream to the backup while the primary is open, and the SDK sees who served', async () => {
    const { gateway } = await start({ faults: [{ fault: { kind: 'status', status: 503 }, rate: 1 }] });
    for (let index = 0; index < 5; index++) await (await ask(gateway, 'chat')).arrayBuffer();
    const { text, headers } = await streamChat(gateway, 'chat');
    expect(text).toBe('Hello from the fault upstream.');
    expect(headers.get('x-switchyard-provider')).toBe('backup');
    expect(headers.get('x-switchyard-fallback')).toBe('true');
    expect(headers.get('x-switchyard-attempts')).toBe('1');
  });
});
