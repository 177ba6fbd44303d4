import { describe, expect, it } from 'vitest';
import type { OutputCheck } from '../config/guardrails-schema.js';
import type { GuardrailVerdict } from '../telemetry/request-record.js';
import { guardedEncoder, guardJsonAnswer, type OutputGuard } from './output-guardrails.js';
import type { ClientStreamEncoder } from './stream-translator.js';

const plain: ClientStreamEncoder = {
  encode: (event) => (event.type === 'text-delta' ? event.text : ''),
  finish: () => '<end>',
  error: (error) => `<error ${error.message}>`,
};

function guardOf(checks: OutputCheck[]): OutputGuard & { verdicts: GuardrailVerdict[] } {
  return { checks, requestId: 'req_1', verdicts: [] };
}

function stream(text: string, guard: OutputGuard, size = 3): string {
  const encoder = guardedEncoder(plain, guard);
  let out = '';
  for (let index = 0; index < text.length; index += size)
    out += encoder.encode({ type: 'text-delta', text: text.slice(index, index + size) });
  return out + encoder.finish();
}

const filler = 'Nothing to see in this part of the answer, only ordinary words. ';
const answer = `${filler}Mail jane.doe@example.com or ann@example.org. ${filler}${filler}`;

describe('guardedEncoder', () => {
  it('masks entities cut between deltas and counts each once, however often the held text is scanned', () => {
    const guard = guardOf([{ check: 'pii', action: 'mask', minimumConfidence: 0.5 }]);
    expect(stream(answer, guard)).toBe(
      answer.replace('jane.doe@', 'j***@').replace('ann@', 'a***@') + '<end>',
    );
    expect(guard.verdicts).toEqual([
      expect.objectContaining({ check: 'pii', action: 'mask', found: { email: 2 } }),
    ]);
  });

  it('counts what a flag check sees without changing the text', () => {
    const guard = guardOf([{ check: 'pii', action: 'flag', minimumConfidence: 0.5 }]);
    expect(stream(answer, guard, 1)).toBe(`${answer}<end>`);
    expect(guard.verdicts[0]).toMatchObject({ action: 'flag', found: { email: 2 } });
  });

  it('ends the stream before a blocked entity goes out', () => {
    const guard = guardOf([{ check: 'pii', action: 'block', minimumConfidence: 0.5 }]);
    const out = stream(answer, guard);
    expect(out).toMatch(
      /<error The answer was withheld by the route's "pii" output guardrail: it contains email/,
    );
    expect(out).not.toContain('jane.doe');
    expect(out.startsWith(filler.slice(0, 20))).toBe(true);
  });

  it('matches what the JSON path finds for the same answer', () => {
    const checks: OutputCheck[] = [{ check: 'pii', action: 'mask', minimumConfidence: 0.5 }];
    const json = guardOf(checks);
    const body = JSON.stringify({ choices: [{ message: { role: 'assistant', content: answer } }] });
    const masked = JSON.parse(guardJsonAnswer('openai', body, json)).choices[0].message.content;
    const streamed = guardOf(checks);
    expect(stream(answer, streamed, 5)).toBe(`${masked}<end>`);
    expect(streamed.verdicts[0]!.found).toEqual(json.verdicts[0]!.found);
  });
});

describe('the hold action', () => {
  const json = JSON.stringify({ choices: [{ message: { role: 'assistant', content: answer } }] });

  it('notes the first holding check on the guard and lets the JSON answer through, other checks applied', () => {
    const guard = guardOf([
      { check: 'phrases', action: 'hold', phrases: ['ordinary words'], minimumConfidence: 0.5 },
      { check: 'pii', action: 'mask', minimumConfidence: 0.5 },
      { check: 'length', action: 'hold', maxCharacters: 10, minimumConfidence: 0.5 },
    ]);
    const checked = JSON.parse(guardJsonAnswer('openai', json, guard)) as {
      choices: Array<{ message: { content: string } }>;
    };
    expect(checked.choices[0]!.message.content).toContain('j***@example.com');
    expect(guard.held?.check).toBe('phrases');
    expect(guard.verdicts.map((verdict) => `${verdict.check}:${verdict.action}`)).toEqual([
      'phrases:hold',
      'pii:mask',
      'length:hold',
    ]);
  });

  it('holds on length alone, and not when nothing trips', () => {
    const long = guardOf([{ check: 'length', action: 'hold', maxCharacters: 10, minimumConfidence: 0.5 }]);
    guardJsonAnswer('openai', json, long);
    expect(long.held?.check).toBe('length');
    const quiet = guardOf([
      { check: 'phrases', action: 'hold', phrases: ['absent'], minimumConfidence: 0.5 },
    ]);
    guardJsonAnswer('openai', json, quiet);
    expect(quiet.held).toBeUndefined();
  });

  it('lets a blocking check win over a holding one', () => {
    const guard = guardOf([
      { check: 'phrases', action: 'hold', phrases: ['ordinary words'], minimumConfidence: 0.5 },
      { check: 'pii', action: 'block', minimumConfidence: 0.5 },
    ]);
    expect(() => guardJsonAnswer('openai', json, guard)).toThrow(/withheld by the route's "pii"/);
  });

  it('withholds a stream that reaches a holding check (hold routes are read whole; this is the safety net)', () => {
    const guard = guardOf([{ check: 'pii', action: 'hold', minimumConfidence: 0.5 }]);
    const out = stream(answer, guard);
    expect(out).toMatch(/<error The answer was withheld by the route's "pii" output guardrail/);
    expect(out).not.toContain('jane.doe');
  });
});
