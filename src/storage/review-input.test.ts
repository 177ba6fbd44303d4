import { describe, expect, it } from 'vitest';
import { checkDecision, flaggedChecks, reviewOf } from './review-input.js';
import { fullRecord } from './testing/record-fixtures.js';

const verdict = (check: string, action: 'flag' | 'log' | 'block' | 'allow') =>
  ({ check, stage: 'input', action, latencyMs: 0 }) as const;

describe('flaggedChecks', () => {
  it('names each check that flagged once, in verdict order, and ignores every other action', () => {
    const guardrails = [
      verdict('webhook', 'flag'),
      verdict('pii', 'log'),
      verdict('injection', 'flag'),
      verdict('webhook', 'flag'),
      verdict('pii', 'block'),
    ];
    expect(flaggedChecks({ guardrails })).toEqual(['webhook', 'injection']);
    expect(flaggedChecks({ guardrails: [verdict('pii', 'allow'), verdict('pii', 'log')] })).toEqual([]);
  });

  it('queues no item for a record nothing flagged', () => {
    expect(reviewOf(fullRecord('clean'), 0)).toBeUndefined();
    expect(reviewOf(fullRecord('flagged', { guardrails: [verdict('pii', 'flag')] }), 7)).toMatchObject({
      id: 'flagged',
      createdAt: 7,
      checks: ['pii'],
      status: 'pending',
    });
  });
});

describe('checkDecision', () => {
  const base = { id: 'r', organizationId: 'o', decidedBy: 'alice', decidedByKeyId: null } as const;

  it('turns a verdict into the status it leads to and keeps line breaks and tabs in a note', () => {
    expect(checkDecision({ ...base, verdict: 'approve', note: 'a\r\n\tb' })).toEqual({
      ...base,
      status: 'approved',
      note: 'a\r\n\tb',
    });
    expect(checkDecision({ ...base, verdict: 'reject', note: null }).status).toBe('rejected');
  });

  it('refuses DEL and C0 characters other than line breaks', () => {
    expect(() => checkDecision({ ...base, verdict: 'approve', note: 'x\u007f' })).toThrow(
      /control characters/,
    );
    expect(() => checkDecision({ ...base, verdict: 'approve', decidedBy: 'al\tice' })).toThrow(/reviewer/);
  });
});
