import { describe, expect, it } from 'vitest';
import { redactText, scrubSecrets } from './redact-text.js';

describe('redactText', () => {
  it.each([
    ['my key is sk-proj-abcdefghijklmnopqrstuvwx ok', 'my key is [REDACTED:api-key] ok'],
    ['sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA', '[REDACTED:api-key]'],
    ['AKIAIOSFODNN7EXAMPLE is aws', '[REDACTED:aws-access-key] is aws'],
    ['write to jane.doe+x@example.co.uk today', 'write to [REDACTED:email] today'],
    ['card 4111 1111 1111 1111 exp', 'card [REDACTED:card-number] exp'],
    ['Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345', 'Authorization: [REDACTED:bearer-token]'],
    ['call +44 20 7946 0958 now', 'call [REDACTED:phone] now'],
    ['host 10.0.12.7 down', 'host [REDACTED:ipv4] down'],
    ['GB82 WEST 1234 5698 7654 32', '[REDACTED:iban]'],
  ])('masks %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('leaves a number that fails the Luhn check and ordinary text alone', () => {
    expect(redactText('order 4111 1111 1111 1112 shipped')).not.toContain('card-number');
    expect(redactText('The meeting is at 10 with 3 people.')).toBe('The meeting is at 10 with 3 people.');
  });

  it('masks a private key block and a JWT', () => {
    const key =
      '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7\n-----END PRIVATE KEY-----';
    expect(redactText(`x ${key} y`)).toBe('x [REDACTED:private-key] y');
    const jwt =
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    expect(redactText(`token=${jwt}`)).toBe('token=[REDACTED:jwt]');
  });
});

describe('scrubSecrets', () => {
  it('replaces every occurrence of a long secret, ignores short ones', () => {
    expect(
      scrubSecrets('bad key upstream-secret-123, again upstream-secret-123', ['upstream-secret-123']),
    ).toBe('bad key [REDACTED:credential], again [REDACTED:credential]');
    expect(scrubSecrets('the word abc stays', ['abc'])).toBe('the word abc stays');
  });
});
