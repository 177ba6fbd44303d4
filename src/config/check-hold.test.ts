import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';

const route = (hold: string, extra = '') => `
providers:
  openai: { type: openai, apiKey: sk-test }
${extra}
models:
  support:
    guardrails:
      output: [{ check: phrases, action: hold, phrases: [Project Atlas] }]
${hold}
    targets: [{ provider: openai, model: gpt-4o-mini }]
`;

/** The load's problems, one a line (throws when the config loads). */
function problemsOf(text: string, env: Record<string, string> = {}): string[] {
  const load = () => parseConfig(text, 'switchyard.yaml', env);
  expect(load).toThrow(ConfigError);
  return (() => {
    try {
      load();
      return [];
    } catch (error) {
      return (error as Error).message.split('\n');
    }
  })();
}

const hold = `      hold: { callbackUrl: 'https://app.example.com/hooks', secretEnv: HOLD_SECRET }`;

describe('guardrails.hold at load', () => {
  it('takes a hold route with its defaults when the secret is set', () => {
    const config = parseConfig(route(hold), 'switchyard.yaml', { HOLD_SECRET: 'whsec-1' });
    expect(config.models.support?.guardrails?.hold).toEqual({
      callbackUrl: 'https://app.example.com/hooks',
      secretEnv: 'HOLD_SECRET',
      keepForMs: 86_400_000,
      message: expect.stringMatching(/being reviewed/),
      maxAnswerBytes: 1024 * 1024,
    });
  });

  it('names the missing secret variable, with its line', () => {
    expect(problemsOf(route(hold))).toEqual([
      expect.stringMatching(
        /^switchyard\.yaml:9: models\.support\.guardrails\.hold\.secretEnv: the environment variable HOLD_SECRET \(the callback's signing secret\) is not set or is empty/,
      ),
    ]);
    expect(problemsOf(route(hold), { HOLD_SECRET: '' })[0]).toMatch(/HOLD_SECRET/);
  });

  it('refuses a hold check without a hold block, a hold block without a hold check, and an unsigned callback', () => {
    expect(problemsOf(route(''))[0]).toMatch(/hold.*an output check with action hold needs a hold block/);
    const logOnly = route(hold).replace('action: hold', 'action: log');
    expect(problemsOf(logOnly, { HOLD_SECRET: 'x' })[0]).toMatch(
      /hold applies when an output check has action hold/,
    );
    const unsigned = `      hold: { callbackUrl: 'https://app.example.com/hooks' }`;
    expect(problemsOf(route(unsigned))[0]).toMatch(/a callbackUrl needs secretEnv/);
    const ftp = `      hold: { callbackUrl: 'ftp://app.example.com/hooks', secretEnv: HOLD_SECRET }`;
    expect(problemsOf(route(ftp), { HOLD_SECRET: 'x' })[0]).toMatch(/expected a http\/https URL/);
    const inline = `      hold: { callbackUrl: 'https://a.example', secretEnv: 'whsec not a name' }`;
    expect(problemsOf(route(inline))[0]).toMatch(/expected the name of an environment variable/);
  });

  it('polls without a callback; refuses holding on json-schema checks and without the request log', () => {
    expect(() => parseConfig(route('      hold: { keepForMs: 60000 }'), 'switchyard.yaml', {})).not.toThrow();
    const schema = route(hold).replace(
      '{ check: phrases, action: hold, phrases: [Project Atlas] }',
      '{ check: json-schema, action: hold }',
    );
    expect(problemsOf(schema, { HOLD_SECRET: 'x' })[0]).toMatch(
      /a json-schema check can retry, block, flag or log/,
    );
    expect(problemsOf(route(hold, 'records: { enabled: false }'), { HOLD_SECRET: 'x' })[0]).toMatch(
      /records\.enabled must not be false/,
    );
  });

  it("checks a team's policy too", () => {
    const text = `
guardrails:
  teams:
    support-team:
      output: [{ check: pii, action: hold }]
      hold: { callbackUrl: 'http://127.0.0.1:9/hooks', secretEnv: TEAM_SECRET }
`;
    expect(problemsOf(text)[0]).toMatch(/guardrails\.teams\.support-team\.hold\.secretEnv.*TEAM_SECRET/);
  });
});
