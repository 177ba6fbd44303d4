import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.js';
import { withPrincipalGuardrails } from './principal-guardrails.js';
import { resolveModel } from './resolve-model.js';

const config = parseConfig(
  `
providers:
  openai: { type: openai, apiKey: sk-a }
models:
  chat:
    guardrails: { input: [{ check: pii, action: redact }], output: [{ check: pii, action: mask }] }
    targets: [{ provider: openai, model: gpt-4o-mini }]
guardrails:
  teams:
    payments: { input: [{ check: pii, action: block }] }
  keys:
    key_audit: { input: [{ check: injection, action: log }] }
`,
  'x.yaml',
  {},
);
const route = resolveModel(config, 'chat', 'chat')!;
const principal = (keyId: string | null, teamId: string | null) => ({ keyId, teamId });

describe('withPrincipalGuardrails', () => {
  it("keeps the route's checks for a principal with no policy of its own", () => {
    expect(withPrincipalGuardrails(config, route, principal('key_other', 'sales'))).toBe(route);
    expect(withPrincipalGuardrails(config, route, undefined)).toBe(route);
    expect(route.inputChecks).toEqual([expect.objectContaining({ check: 'pii', action: 'redact' })]);
  });

  it("uses the team's policy whole, input and output, for a key in that team", () => {
    const applied = withPrincipalGuardrails(config, route, principal('key_other', 'payments'));
    expect(applied.inputChecks).toEqual([expect.objectContaining({ check: 'pii', action: 'block' })]);
    // The team wrote no output checks, so none apply: policies replace, they never merge.
    expect(applied.outputChecks).toEqual([]);
    expect(applied.targets).toBe(route.targets);
  });

  it("prefers the key's own policy to its team's", () => {
    const applied = withPrincipalGuardrails(config, route, principal('key_audit', 'payments'));
    expect(applied.inputChecks).toEqual([expect.objectContaining({ check: 'injection', action: 'log' })]);
  });

  it('rejects a policy with an unknown check at load, naming where', () => {
    expect(() =>
      parseConfig(
        'guardrails:\n  teams:\n    payments: { input: [{ check: pji, action: block }] }\n',
        'x.yaml',
        {},
      ),
    ).toThrow(/x\.yaml:3/);
  });
});
