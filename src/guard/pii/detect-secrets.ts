// Secrets: credentials whose formats their issuers document (AWS access key ids, OpenAI,
// Anthropic, GitHub, Slack, Google, Stripe keys), private key blocks, JSON Web Tokens (their
// header must decode to JSON with an "alg"), and the password in a connection string. Each pattern
// is anchored on a fixed prefix, so the scan stays linear.

import { anchored, base64Runs, matchesNear } from './anchored-matches.js';
import { hasContextBefore } from './context-words.js';
import type { PiiEntity } from './pii-entity.js';

interface SecretPattern {
  kind: string;
  pattern: RegExp;
  /** Optional check on the match (beyond the pattern); default: accept. */
  valid?: (match: RegExpMatchArray) => boolean;
  /** The capture group that is the secret (default: the whole match). */
  group?: number;
  /** Strings one of which every match contains: a text with none of them skips the pattern. */
  hints: string[];
  /**
   * For a pattern whose every match holds this string within `reach` characters of its start:
   * the pattern is tried only there (anchored-matches.ts), not at every position of the text.
   */
  near?: { anchor: string; reach: number; sticky: RegExp };
}

const connectionString = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@]{1,64}:([^\s@/]{1,128})@[^\s/]{1,255}/gi;

const patterns: SecretPattern[] = [
  {
    kind: 'aws-access-key',
    pattern: /\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\b/g,
    hints: ['AKIA', 'ASIA', 'AIDA', 'AROA'],
  },
  { kind: 'anthropic-key', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,200}/g, hints: ['sk-ant-'] },
  {
    kind: 'openai-key',
    pattern: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}/g,
    hints: ['sk-'],
  },
  {
    kind: 'github-token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})/g,
    hints: ['gh', 'github_pat_'],
  },
  { kind: 'slack-token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,200}/g, hints: ['xox'] },
  { kind: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}/g, hints: ['AIza'] },
  { kind: 'stripe-key', pattern: /\b(?:sk|rk)_live_[0-9A-Za-z]{20,200}/g, hints: ['_live_'] },
  {
    kind: 'private-key',
    pattern:
      /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,8192}?-----END (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g,
    hints: ['-----BEGIN'],
  },
  {
    kind: 'jwt',
    pattern: /\beyJ[A-Za-z0-9_-]{5,2000}\.eyJ[A-Za-z0-9_-]{5,8000}\.[A-Za-z0-9_-]{10,2000}/g,
    valid: (match) => jwtHeader(match[0].slice(0, match[0].indexOf('.'))),
    hints: ['eyJ'],
  },
  {
    kind: 'connection-password',
    pattern: connectionString,
    group: 1,
    hints: ['://'],
    // The scheme, 2 to 21 characters, ends at the "://".
    near: { anchor: '://', reach: 21, sticky: anchored(connectionString) },
  },
];

const awsSecretContext = [/aws_secret_access_key|secret access key|aws secret/];
/** Every text the label could be in holds one of these (any case). */
const awsSecretHint = /aws|secret access key/i;

export function detectSecrets(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const { kind, pattern, valid, group, hints, near } of patterns) {
    // Most texts hold none of the prefixes: a substring search skips the regular expression.
    if (!hints.some((hint) => text.includes(hint))) continue;
    const matches =
      near === undefined ? text.matchAll(pattern) : matchesNear(text, near.sticky, near.anchor, near.reach);
    for (const match of matches) {
      if (valid !== undefined && !valid(match)) continue;
      let start = match.index;
      let end = start + match[0].length;
      if (group !== undefined) {
        const secret = match[group] ?? '';
        start = match.index + match[0].indexOf(`:${secret}@`) + 1;
        end = start + secret.length;
      }
      found.push({ type: 'secret', kind, start, end, confidence: 0.95 });
    }
  }
  // An AWS secret access key has no prefix of its own: only next to its label.
  if (!awsSecretHint.test(text)) return found;
  // A run of exactly 40 characters of [A-Za-z0-9/+], no '=' after it.
  for (const start of base64Runs(text, 40)) {
    const run = text.slice(start, start + 40);
    if (!/[a-z]/.test(run) || !/[A-Z]/.test(run) || !/\d/.test(run)) continue;
    if (!hasContextBefore(text, start, awsSecretContext)) continue;
    found.push({ type: 'secret', kind: 'aws-secret-key', start, end: start + 40, confidence: 0.9 });
  }
  return found;
}

function jwtHeader(encoded: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as unknown;
    return (
      typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string'
    );
  } catch {
    return false;
  }
}
