import { describe, expect, it } from 'vitest';
import type { InjectionRule, RulePart } from './rule-pack.js';
import { RuleChains } from './rule-chains.js';
import { RuleTriggers } from './rule-triggers.js';

const part = (leads: string[], rest = String.raw`\b`): RulePart => ({
  source: String.raw`\b(?:${leads.join('|')})` + rest,
  leads,
});

/** A chained rule of three parts (the middle one of several words) and its whole pattern. */
function chained(): InjectionRule {
  const parts = [part(['alpha']), part([String.raw`beta\s+gamma`, 'delta']), part(['omega'])];
  const gaps = [5, 8];
  const source = `${parts[0]!.source}[^.!?\\n]{0,5}?${parts[1]!.source}[^.!?\\n]{0,8}?${parts[2]!.source}`;
  return {
    id: 'test.chain',
    category: 'instruction-override',
    pattern: new RegExp(source, 'i'),
    promptWeight: 1,
    documentWeight: 1,
    leads: parts[0]!.leads,
    chain: { parts, gaps },
  };
}

describe('RuleChains (through RuleTriggers)', () => {
  const rule = chained();
  const triggers = new RuleTriggers([rule]);
  const matches = (text: string) => triggers.matching(text, 1) === 1;

  it('matches where the whole pattern does: gaps at their bounds, a middle part of two words', () => {
    const cases = [
      'alpha beta gamma omega',
      'alpha ,,,,beta  gamma ,,,,,,,omega',
      'alpha ,,,,,beta gamma omega',
      'alpha beta gamma ,,,,,,,,omega',
      'alpha beta\ngamma omega',
      'alpha delta omega',
      'alpha. delta omega',
      'alpha delta! omega',
      'alphabet delta omega',
      'x alpha x alpha delta x omega',
      'ALPHA DELTA OMEGA',
      'alpha beta gamma alpha delta omega',
    ];
    for (const text of cases) expect(matches(text), text).toBe(rule.pattern.test(text));
    expect(matches('alpha ,,,,beta  gamma ,,,,,,,omega')).toBe(true);
    expect(matches('alpha ,,,,,beta gamma omega')).toBe(false);
    expect(matches('alpha. delta omega')).toBe(false);
  });

  it('answers the same once its parts are busy: dense, mostly failing, and with no last part left', () => {
    const cases = [
      'alpha '.repeat(500) + 'delta omega',
      'alpha delta '.repeat(500),
      'alpha delta '.repeat(500) + 'omega',
      'alpha beta '.repeat(300) + 'alpha beta gamma omega',
      'delta alpha x '.repeat(400) + 'alpha delta x omega',
      'omega alpha delta . '.repeat(400),
    ];
    for (const text of cases) expect(matches(text), text.slice(-30)).toBe(rule.pattern.test(text));
    expect(matches(cases[2]!)).toBe(true);
    expect(matches(cases[1]!)).toBe(false);
  });

  it('starts afresh on each call', () => {
    expect(matches('alpha delta omega')).toBe(true);
    expect(matches('omega')).toBe(false);
    expect(matches('alpha delta '.repeat(500))).toBe(false);
    expect(matches('alpha delta omega')).toBe(true);
  });

  it('refuses a rule that is not chained', () => {
    const { chain: _chain, ...plain } = rule;
    expect(() => new RuleChains().add(plain, 1)).toThrow(/not a chained rule/);
  });
});
