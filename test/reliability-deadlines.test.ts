// Latency budgets (issue 5): a client's deadline bounds every attempt, a budget the primary
// usually cannot meet goes straight to the fastest target, a spent budget costs no upstream call,
// and a workflow's later steps are told what its earlier steps took.

import { describe, expect, it } from 'vitest';
import type { FaultPlan } from '../src/upstream/testing/fault-plan.js';
import { askChat, startChatPrimaryThenBackup, type PrimaryAndBackup } from './support/fault-gateway.js';
import type { TestGateway } from './support/test-gateway.js';

function start(primaryPlan: FaultPlan): Promise<PrimaryAndBackup> {
  return startChatPrimaryThenBackup(
    primaryPlan,
    '  backup-only:\n    targets: [{ provider: backup, model: m-backup }]\n',
  );
}

function ask(gateway: TestGateway, headers: Record<string, string>, model = 'chat'): Promise<Response> {
  return askChat(gateway, model, headers);
}

describe('latency budgets', () => {
  it('ends a request at its budget when the upstream hangs, and aborts the upstream call', async () => {
    const { gateway, primary } = await start({
      faults: [{ fault: { kind: 'hang-before-headers' }, rate: 1 }],
    });
    const overruns: number[] = [];
    for (let index = 0; index < 5; index++) {
      const started = performance.now();
      const response = await ask(gateway, { 'x-switchyard-budget-ms': '120' });
      overruns.push(performance.now() - started - 120);
      expect(response.status).toBe(504);
      expect(response.headers.get('x-should-retry')).toBe('false');
      await response.arrayBuffer();
    }
    // The budget ends the wait (a hang would never end, and the route's own timeouts are far
    // longer). The median is held close; a single request may stall on this shared machine under a
    // full parallel test run (113 ms was seen once in CI), and bench/reliability.ts measures it.
    const sorted = [...overruns].sort((first, second) => first - second);
    expect(sorted[2]).toBeLessThan(50);
    expect(Math.max(...overruns)).toBeLessThan(1000);
    expect(Math.min(...overruns)).toBeGreaterThanOrEqual(-2);
    await expect.poll(() => primary.abortedByClient).toBe(5);
  });

  it('costs no upstream call when the deadline has already passed', async () => {
    const { gateway, primary, backup } = await start({});
    const response = await ask(gateway, { 'x-switchyard-deadline': String(Date.now() - 1) });
    expect(response.status).toBe(504);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /deadline passed/,
    );
    expect(primary.requests + backup.requests).toBe(0);
  });

  it('rejects a malformed budget with a 400 that names the header', async () => {
    const { gateway, primary } = await start({});
    const response = await ask(gateway, { 'x-switchyard-budget-ms': 'soon' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { param: string } };
    expect(body.error.param).toBe('x-switchyard-budget-ms');
    expect(primary.requests).toBe(0);
  });

  it('goes straight to the fastest target when the primary usually needs more than the budget', async () => {
    const { gateway, primary } = await start({ latency: { kind: 'fixed', ms: 150 } });
    for (let index = 0; index < 5; index++) {
      await (await ask(gateway, {})).arrayBuffer(); // the primary's p95 becomes ~150 ms
      await (await ask(gateway, {}, 'backup-only')).arrayBuffer(); // the backup's ~1 ms
    }
    expect(primary.requests).toBe(5);
    const started = performance.now();
    const response = await ask(gateway, { 'x-switchyard-budget-ms': '100' });
    expect(performance.now() - started).toBeLessThan(100);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-provider')).toBe('backup');
    expect(Number(response.headers.get('x-switchyard-budget-remaining-ms'))).toBeGreaterThan(50);
    expect(primary.requests).toBe(5);
    // Without a budget the route keeps its order.
    const unbudgeted = await ask(gateway, {});
    expect(unbudgeted.headers.get('x-switchyard-provider')).toBe('primary');
    expect(unbudgeted.headers.has('x-switchyard-budget-remaining-ms')).toBe(false);
  });

  it('tells each step of a workflow how long its earlier steps took', async () => {
    const { gateway } = await start({ latency: { kind: 'fixed', ms: 30 } });
    const first = await ask(gateway, { 'x-switchyard-workflow': 'wf-1' });
    expect(first.headers.get('x-switchyard-workflow-spent-ms')).toBe('0');
    await first.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await ask(gateway, { 'x-switchyard-workflow': 'wf-1' });
    expect(Number(second.headers.get('x-switchyard-workflow-spent-ms'))).toBeGreaterThanOrEqual(30);
    await second.arrayBuffer();
    const other = await ask(gateway, { 'x-switchyard-workflow': 'wf-2' });
    expect(other.headers.get('x-switchyard-workflow-spent-ms')).toBe('0');
  });
});
