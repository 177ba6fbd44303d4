import { describe, expect, it } from 'vitest';
import { WorkflowLedger } from './workflow-ledger.js';

describe('WorkflowLedger', () => {
  it('adds up the time of a workflow’s requests, apart from other workflows', () => {
    const ledger = new WorkflowLedger(() => 0);
    expect(ledger.spentMs('w1')).toBe(0);
    ledger.add('w1', 120);
    ledger.add('w1', 80);
    ledger.add('w2', 5);
    expect(ledger.spentMs('w1')).toBe(200);
    expect(ledger.spentMs('w2')).toBe(5);
  });

  it('forgets a workflow an hour after its last request', () => {
    let now = 0;
    const ledger = new WorkflowLedger(() => now);
    ledger.add('w', 100);
    now += 3_600_000;
    expect(ledger.spentMs('w')).toBe(100);
    now += 1;
    expect(ledger.spentMs('w')).toBe(0);
    ledger.add('w', 7);
    expect(ledger.spentMs('w')).toBe(7);
  });

  it('keeps at most 10,000 workflows, forgetting the least recently seen', () => {
    const ledger = new WorkflowLedger(() => 0);
    for (let index = 0; index < 10_000; index++) ledger.add(`w${index}`, 1);
    ledger.add('w0', 1); // seen again: now the most recent
    ledger.add('new', 1);
    expect(ledger.size).toBe(10_000);
    expect(ledger.spentMs('w0')).toBe(2);
    expect(ledger.spentMs('w1')).toBe(0);
    expect(ledger.spentMs('new')).toBe(1);
  });
});
