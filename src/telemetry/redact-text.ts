// Masks secrets and personal data in text kept under the `redacted` body policy: API keys and
// tokens of well-known formats, private keys, JWTs, e-mail addresses, card numbers (Luhn-checked),
// IBANs, phone numbers and IPv4 addresses. A pattern pass, not a classifier: the guardrails issue
// (7) brings the full PII detector; this keeps obvious secrets out of the log meanwhile.

interface Rule {
  label: string;
  pattern: RegExp;
  /** A further check on the match (e.g. Luhn for card numbers). */
  accept?: (match: string) => boolean;
}

// Order matters: specific secret formats first, so a key is not half-masked as a phone number.
const rules: readonly Rule[] = [
  {
    label: 'private-key',
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  },
  { label: 'jwt', pattern: /\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/g },
  // OpenAI/Anthropic/Switchyard-style keys: sk-..., sk-ant-..., sy-...
  { label: 'api-key', pattern: /\b(?:sk|sy|pk|rk)-[A-Za-z0-9_-]{16,}/g },
  { label: 'aws-access-key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { label: 'github-token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g },
  { label: 'slack-token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  { label: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { label: 'bearer-token', pattern: /\bBearer\s+[A-Za-z0-9._~+/=-]{16,}/gi },
  { label: 'email', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g },
  { label: 'iban', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g },
  { label: 'card-number', pattern: /\b\d(?:[ -]?\d){12,18}\b/g, accept: (match) => luhn(match) },
  { label: 'phone', pattern: /(?<![\w.])\+?\d{1,3}[ .-]?\(?\d{2,4}\)?[ .-]?\d{3,4}[ .-]?\d{3,4}\b/g },
  { label: 'ipv4', pattern: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g },
];

/** The text with every match replaced by `[REDACTED:<label>]`. */
export function redactText(text: string): string {
  let result = text;
  for (const rule of rules) {
    result = result.replace(rule.pattern, (match) =>
      rule.accept === undefined || rule.accept(match) ? `[REDACTED:${rule.label}]` : match,
    );
  }
  return result;
}

/** Replaces each exact secret (e.g. the deployment's upstream keys) wherever it appears. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    // Short values would match ordinary words; real credentials are long.
    if (secret.length >= 8 && result.includes(secret))
      result = result.split(secret).join('[REDACTED:credential]');
  }
  return result;
}

function luhn(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
