import { describe, expect, it } from 'vitest';
import { inputCheckSchema, type LocalInputCheck } from '../config/guardrails-schema.js';
import { CheckThread } from './check-thread.js';
import { runLocalChecks, textLength } from './local-checks.js';
import { ReversibleRedaction } from './pii/reversible-redaction.js';

const check = (fields: Record<string, unknown>) => inputCheckSchema.parse(fields) as LocalInputCheck;
const body = (content: string) => ({ model: 'm', messages: [{ role: 'user', content }] });

describe('runLocalChecks', () => {
  it('redacts, going on from an earlier redaction of the same request', () => {
    const earlier = new ReversibleRedaction();
    earlier.redact('a@example.com', [{ type: 'email', start: 0, end: 13, confidence: 1 }]);
    const outcome = runLocalChecks({
      dialect: 'openai',
      body: body('mail b@example.com and a@example.com'),
      checks: [check({ check: 'pii', action: 'redact' })],
      requestId: 'req_1',
      redaction: earlier.pairs(),
    });
    expect(outcome.changed).toBe(true);
    expect((outcome.body.messages as any)[0].content).toBe('mail [EMAIL_2] and [EMAIL_1]');
    expect(ReversibleRedaction.fromPairs(outcome.redaction).restore('[EMAIL_1] [EMAIL_2]')).toBe(
      'a@example.com b@example.com',
    );
  });

  it('stops at a blocking check with a refusal that names no value', () => {
    const outcome = runLocalChecks({
      dialect: 'openai',
      body: body('card 4111 1111 1111 1111'),
      checks: [check({ check: 'pii', action: 'block' }), check({ check: 'injection', action: 'log' })],
      requestId: 'req_2',
      redaction: [],
    });
    expect(outcome.refusal).toMatch(/"pii" guardrail: it contains card\. Reference: req_2\./);
    expect(outcome.refusal).not.toContain('4111');
    expect(outcome.verdicts).toHaveLength(1);
  });

  it('counts the text a body holds', () => {
    expect(textLength('openai', body('12345'))).toBe(5);
  });
});

describe('CheckThread', () => {
  it('gives the same outcome as the event loop, from its worker thread', async () => {
    const thread = new CheckThread();
    const input = {
      dialect: 'openai' as const,
      body: body('mail jane@example.com'),
      checks: [check({ check: 'pii', action: 'redact' })],
      requestId: 'req_3',
      redaction: [],
    };
    try {
      expect(await thread.run(input, 20_000)).toEqual({
        ...runLocalChecks(input),
        verdicts: expect.any(Array),
      });
    } finally {
      await thread.close();
    }
  }, 30_000);

  it('rejects when the thread does not answer in time', async () => {
    const { Worker } = await import('node:worker_threads');
    const silent = new CheckThread(() => new Worker('setInterval(() => {}, 1000)', { eval: true }));
    try {
      await expect(
        silent.run({ dialect: 'openai', body: body('x'), checks: [], requestId: 'r', redaction: [] }, 50),
      ).rejects.toThrow('the checks did not finish within 50 ms');
    } finally {
      await silent.close();
    }
  });
});
