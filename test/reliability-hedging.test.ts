// Hedged requests (issue 5): a first attempt that has not answered in time is doubled on the next
// target; the first to answer (a stream: its first content) wins, the other is aborted upstream,
// and the record keeps both attempts.

import { describe, expect, it } from 'vitest';
import type { FaultPlan } from '../src/upstream/testing/fault-plan.js';
import { fetchRecord } from './support/fetch-record.js';
import {
  askChat,
  startPrimaryAndBackup,
  streamChat,
  type PrimaryAndBackup,
} from './support/fault-gateway.js';

function start(primaryPlan: FaultPlan, hedge = '{ delayMs: 40 }'): Promise<PrimaryAndBackup> {
  return startPrimaryAndBackup(
    primaryPlan,
    `models:
  chat:
    hedge: ${hedge}
    targets: [{ provider: primary, model: m-primary }, { provider: backup, model: m-backup }]
records:
  flushIntervalMs: 20
`,
  );
}

interface LoggedAttempt {
  provider: string;
  outcome: string;
}

async function logged(
  setup: PrimaryAndBackup,
  id: string,
): Promise<{ provider: string; attempts: LoggedAttempt[] }> {
  return (await fetchRecord(setup.gateway, id)) as never;
}

describe('hedging', () => {
  it('answers from the hedge when the primary is slow, and aborts the primary', async () => {
    const setup = await start({ latency: { kind: 'fixed', ms: 400 } });
    const started = performance.now();
    const response = await askChat(setup.gateway, 'chat');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(250);
    expect(response.headers.get('x-switchyard-hedge')).toBe('hedge-won');
    expect(response.headers.get('x-switchyard-provider')).toBe('backup');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    await response.arrayBuffer();
    await expect.poll(() => setup.primary.abortedByClient).toBe(1);
    const record = await logged(setup, response.headers.get('x-request-id')!);
    expect(record.provider).toBe('backup');
    expect(record.attempts.map((attempt) => [attempt.provider, attempt.outcome])).toEqual([
      ['primary', 'cancelled'],
      ['backup', 'ok'],
    ]);
  });

  it("prices the aborted primary into the request's cost, on the primary's own prices", async () => {
    const setup = await startPrimaryAndBackup(
      { latency: { kind: 'fixed', ms: 400 } },
      `models:
  chat:
    hedge: { delayMs: 40 }
    targets: [{ provider: primary, model: gpt-4o }, { provider: backup, model: gpt-4o-mini }]
records:
  flushIntervalMs: 20
`,
    );
    const response = await askChat(setup.gateway, 'chat');
    expect(response.headers.get('x-switchyard-hedge')).toBe('hedge-won');
    await response.arrayBuffer();
    const record = (await logged(setup, response.headers.get('x-request-id')!)) as unknown as {
      usage: { inputTokens: number; outputTokens: number; source: string };
      cost: {
        usd: number;
        lines: Array<{ usd: number }>;
        calledOff: Array<{
          attempt: number;
          provider: string;
          inputTokens: number;
          source: string;
          usd: number;
        }>;
      };
    };
    // The backup's answer reported its usage; the primary was aborted before answering.
    expect(record.usage.source).toBe('provider');
    const [loser] = record.cost.calledOff;
    expect(loser).toMatchObject({
      attempt: 0,
      provider: 'primary',
      upstreamModel: 'gpt-4o',
      source: 'estimated',
    });
    expect(loser!.inputTokens).toBeGreaterThan(0);
    expect(loser!.usd).toBeGreaterThan(0);
    const served = record.cost.lines.reduce((sum, line) => sum + line.usd, 0);
    expect(record.cost.usd).toBeCloseTo(served + loser!.usd, 12);
  });

  it('sends no hedge when the primary answers in time', async () => {
    const setup = await start({ latency: { kind: 'fixed', ms: 2 } });
    const response = await askChat(setup.gateway, 'chat');
    expect(response.headers.get('x-switchyard-hedge')).toBeNull();
    expect(response.headers.get('x-switchyard-provider')).toBe('primary');
    expect(setup.backup.requests).toBe(0);
  });

  it('hedges a stream that has not sent its first content, and the SDK reads the whole answer', async () => {
    const setup = await start({ latency: { kind: 'fixed', ms: 400 } });
    const { text, headers } = await streamChat(setup.gateway, 'chat');
    expect(text).toBe('Hello from the fault upstream.');
    expect(headers.get('x-switchyard-hedge')).toBe('hedge-won');
    await expect.poll(() => setup.primary.abortedByClient).toBe(1);
  });

  it("waits for the primary's p95 before hedging when no delay is set", async () => {
    const setup = await start({ latency: { kind: 'fixed', ms: 30 } }, '{ minimumSamples: 5 }');
    for (let index = 0; index < 5; index++) {
      const warm = await askChat(setup.gateway, 'chat');
      expect(warm.headers.get('x-switchyard-hedge')).toBeNull(); // too few samples: no hedge yet
      await warm.arrayBuffer();
    }
    setup.primary.setPlan({ latency: { kind: 'fixed', ms: 400 } });
    const started = performance.now();
    const slow = await askChat(setup.gateway, 'chat');
    // Hedged after about 30 ms (the primary's p95), answered by the backup well before 400 ms.
    expect(performance.now() - started).toBeLessThan(250);
    expect(slow.headers.get('x-switchyard-hedge')).toBe('hedge-won');
  });
});
