// Routes with guardrails for the end-to-end guardrail tests, by name, as YAML to add under the
// `models:` of mockGatewaySuite: each on the suite's OpenAI-dialect or Anthropic-dialect mock.

const onOpenai = 'targets: [{ provider: openai, model: gpt-4o-mini }]';
const onAnthropic = 'targets: [{ provider: anthropic, model: claude-3-5-haiku-20241022 }]';

const routes = {
  /** Input PII redacted (and restored in the answer). */
  red: ['guardrails: { input: [{ check: pii, action: redact }] }', onOpenai],
  'red-a': ['guardrails: { input: [{ check: pii, action: redact }] }', onAnthropic],
  /** Input with a card or a secret refused. */
  'block-in': ['guardrails: { input: [{ check: pii, action: block, types: [card, secret] }] }', onAnthropic],
  /** Cards, IBANs and secrets in the answer masked. */
  'out-mask': [
    'guardrails: { output: [{ check: pii, action: mask, types: [card, iban, secret] }] }',
    onOpenai,
  ],
  /** Cards, IBANs and secrets in the answer withheld (the answer fails). */
  'out-block': [
    'guardrails: { output: [{ check: pii, action: block, types: [card, iban, secret] }] }',
    onOpenai,
  ],
  'out-block-anthropic': [
    'guardrails: { output: [{ check: pii, action: block, types: [card, iban, secret] }] }',
    onAnthropic,
  ],
  /** Input PII redacted, and cards and secrets in the answer masked. */
  'red-and-mask': [
    'guardrails:',
    '  input: [{ check: pii, action: redact }]',
    '  output: [{ check: pii, action: mask, types: [card, secret] }]',
    onOpenai,
  ],
  /** Prompt injection in the input refused. */
  inj: ['guardrails: { input: [{ check: injection, action: block }] }', onOpenai],
  'inj-anthropic': ['guardrails: { input: [{ check: injection, action: block }] }', onAnthropic],
} satisfies Record<string, string[]>;

export type GuardrailRoute = keyof typeof routes;

export function guardrailRoutesYaml(...names: GuardrailRoute[]): string {
  return names
    .map((name) => [`  ${name}:`, ...routes[name].map((line) => `    ${line}`)].join('\n') + '\n')
    .join('');
}
