import { describe, expect, it } from 'vitest';
import { detectCards } from './detect-card.js';
import { detectDatesOfBirth } from './detect-date-of-birth.js';
import { detectEmails } from './detect-email.js';
import { detectIbans, mod97Valid } from './detect-iban.js';
import { detectIpAddresses } from './detect-ip.js';
import { detectPhones, phoneValidations } from './detect-phone.js';
import { detectSecrets } from './detect-secrets.js';
import { detectSsns } from './detect-ssn.js';
import type { PiiEntity } from './pii-entity.js';

const texts = (text: string, entities: PiiEntity[]) =>
  entities.map((entity) => text.slice(entity.start, entity.end));

describe('detectEmails', () => {
  it('takes an address with letters of any script whole, never from its first accented letter on', () => {
    const text = 'Schreib an jürgen.müller@firma.de, josé.garcía@correo.es oder åsa.öberg@posten.se.';
    expect(texts(text, detectEmails(text))).toEqual([
      'jürgen.müller@firma.de',
      'josé.garcía@correo.es',
      'åsa.öberg@posten.se',
    ]);
  });

  it('finds addresses and leaves malformed ones', () => {
    const text =
      'Write to jane.doe+news@mail.example.com, not to a..b@example.com or x@localhost or @example.org.';
    expect(texts(text, detectEmails(text))).toEqual(['jane.doe+news@mail.example.com']);
  });
});

describe('detectCards', () => {
  it('accepts Luhn-valid numbers of known issuers, grouped or not', () => {
    const text =
      'Visa 4111 1111 1111 1111, Amex 378282246310005, MC 5555-5555-5555-4444, order 4111111111111112.';
    expect(texts(text, detectCards(text))).toEqual([
      '4111 1111 1111 1111',
      '378282246310005',
      '5555-5555-5555-4444',
    ]);
    // One digit off fails the Luhn check, whichever digit it is.
    for (const valid of ['4111 1111 1111 1111', '378282246310005', '5555-5555-5555-4444']) {
      for (const position of [0, 5, valid.length - 1]) {
        const digit = Number(valid[position]);
        const wrong = `${valid.slice(0, position)}${(digit + 1) % 10}${valid.slice(position + 1)}`;
        expect(detectCards(`card ${wrong}`), wrong).toEqual([]);
      }
    }
  });

  it('ignores digit runs of no known issuer even when they pass Luhn', () => {
    expect(detectCards('tracking 0000000000000000 and 9999999999999995')).toEqual([]);
  });
});

describe('detectIbans', () => {
  it('accepts IBANs of the right length whose mod-97 check holds, grouped or not', () => {
    const text = 'Pay GB82 WEST 1234 5698 7654 32 or DE89370400440532013000; not GB82WEST12345698765433.';
    expect(texts(text, detectIbans(text))).toEqual(['GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000']);
    expect(mod97Valid('FR1420041010050500013M02606')).toBe(true);
  });

  it('takes a lower-case IBAN, a little less sure, but not one of mixed case', () => {
    const text =
      'iban fr1420041010050500013m02606, gb82 west 1234 5698 7654 32; not Fr1420041010050500013M02606.';
    const found = detectIbans(text);
    expect(texts(text, found)).toEqual(['fr1420041010050500013m02606', 'gb82 west 1234 5698 7654 32']);
    expect(found.map((entity) => entity.confidence)).toEqual([0.9, 0.9]);
    // The check still decides: one wrong digit and it is nothing.
    expect(detectIbans('iban fr1420041010050500013m02607')).toEqual([]);
  });
});

describe('detectSsns', () => {
  it('takes dashed numbers within the SSA rules, and bare ones only after a label', () => {
    const text = 'SSN 123-45-6789; 666-12-3456 and 000-12-3456 are not issued; ssn: 234567890; id 345678901.';
    expect(texts(text, detectSsns(text))).toEqual(['123-45-6789', '234567890']);
  });

  it('takes a bare number after "my social security number is", not after other words', () => {
    const text =
      'My social security number is 234567890. My SSN was 345678901. My order number is 456789012.';
    expect(texts(text, detectSsns(text))).toEqual(['234567890', '345678901']);
  });

  // Long texts with few labels read only the stretch after each label: the same numbers as when
  // every run is read (texts with a label before most numbers).
  const filler = (runs: number) =>
    Array.from({ length: runs }, (_, index) => 100_000_000 + index * 7).join(' ');
  it('finds a labelled bare number in a long text of unlabelled runs, at the longest reach a label has', () => {
    const labelled = [
      'SSN 234567890',
      'social-security number is:::345678901',
      'SSN123456789',
      'Soc. Sec. # 456789012',
    ];
    const text = `${filler(2000)} ${labelled.join(` ${filler(50)} `)} ${filler(2000)}`;
    expect(texts(text, detectSsns(text))).toEqual(['234567890', '345678901', '123456789', '456789012']);
  });

  it('takes no unlabelled run of a long text, nor one a label is too far from', () => {
    const text = `SSN is pending ${'x'.repeat(40)} 234567890 ${filler(2000)}`;
    expect(detectSsns(text)).toEqual([]);
  });

  it('reads every run where labels are common, and finds the same numbers', () => {
    const text = Array.from(
      { length: 3000 },
      (_, index) => `SSN ${301_010_001 + index} ${401_010_001 + index}`,
    ).join('; ');
    const found = texts(text, detectSsns(text));
    expect(found).toHaveLength(3000);
    expect(found[0]).toBe('301010001');
    expect(found.at(-1)).toBe('301013000');
  });
});

describe('detectPhones', () => {
  it('validates numbers against numbering plans, international and national', () => {
    const text = 'Call +44 20 7946 0958 or (415) 555-2671; mobile 2025550143. Invoice 1234567.';
    expect(texts(text, detectPhones(text))).toEqual(['+44 20 7946 0958', '(415) 555-2671', '2025550143']);
  });

  it('leaves a bare digit run without a label alone', () => {
    expect(detectPhones('order number 4155552671 shipped')).toEqual([]);
  });

  it('past its validation budget judges candidates by shape, at a lower confidence', () => {
    const text = 'Numbers: +44 20 7946 0958 or (415) 555-2671; +1 (212) 000-0000 and +12 345.';
    const validated = detectPhones(text);
    expect(texts(text, validated)).toEqual(['+44 20 7946 0958', '(415) 555-2671']);
    const budget = { validations: 1 };
    const shaped = detectPhones(text, 'US', budget);
    expect(budget.validations).toBe(0);
    // The first candidate was validated; the rest are taken by shape (an invalid +1 exchange too),
    // except an international run too short to hold a country code and a number.
    expect(texts(text, shaped)).toEqual(['+44 20 7946 0958', '(415) 555-2671', '+1 (212) 000-0000']);
    expect(shaped.map((entity) => entity.confidence)).toEqual([0.9, 0.7, 0.8]);
  });

  it('reads past a run of 16 digits or more at once, so a number right after one is still found', () => {
    const text = 'card 4111111111111111(415) 555-2671 and 12345678901234567890 +44 20 7946 0958';
    expect(texts(text, detectPhones(text))).toEqual(['415) 555-2671', '+44 20 7946 0958']);
  });

  it('spends one validation per distinct candidate, however often it is written', () => {
    const budget = { validations: 10 };
    const text = 'Call +44 20 7946 0958. '.repeat(50);
    expect(detectPhones(text, 'US', budget)).toHaveLength(50);
    expect(budget.validations).toBe(9);
  });

  it('finds all of 40,000 distinct numbers while validating a bounded few', () => {
    const text = Array.from(
      { length: 40_000 },
      (_, index) => `(212) ${200 + Math.floor(index / 10_000)}-${String(index % 10_000).padStart(4, '0')}`,
    ).join(', ');
    const budget = { validations: phoneValidations };
    const found = detectPhones(text, 'US', budget);
    expect(found).toHaveLength(40_000);
    expect(budget.validations).toBe(0);
    expect(found.filter((entity) => entity.confidence === 0.8)).toHaveLength(phoneValidations);
  });
});

describe('detectIpAddresses', () => {
  it('finds valid IPv4 and IPv6 addresses, and doubts version numbers', () => {
    const text = 'from 192.168.1.20 and 2001:db8::8a2e:370:7334, not 256.1.1.1; version 1.2.3.4';
    const found = detectIpAddresses(text);
    expect(texts(text, found)).toEqual(['192.168.1.20', '1.2.3.4', '2001:db8::8a2e:370:7334']);
    expect(found[1]!.confidence).toBeLessThan(0.5);
  });
});

describe('detectDatesOfBirth', () => {
  it('takes real dates after a birth label, in several formats', () => {
    const text =
      'DOB: 1985-03-12. She was born on 12 March 1979, he was born on July 4, 1962. Meeting on 2024-01-05. ' +
      'Birthday: 02/30/1990. Born in Lyon, moved there in 2001.';
    expect(texts(text, detectDatesOfBirth(text, new Date('2026-01-01')))).toEqual([
      '1985-03-12',
      '12 March 1979',
      'July 4, 1962',
    ]);
  });
});

describe('detectSecrets', () => {
  it('finds documented key formats, private keys, JWTs and connection-string passwords', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    const text = [
      'aws AKIAIOSFODNN7EXAMPLE',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'openai sk-proj-abcdefghijklmnopqrstuvwxyz012345',
      'anthropic sk-ant-api03-abcdefghijklmnopqrstuvwxyz',
      'gh ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      `token ${jwt}`,
      'db postgres://app:s3cr3t-pass@db.internal:5432/app',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const found = detectSecrets(text);
    expect(found.map((entity) => entity.kind).sort()).toEqual(
      [
        'anthropic-key',
        'aws-access-key',
        'aws-secret-key',
        'connection-password',
        'github-token',
        'jwt',
        'openai-key',
        'private-key',
      ].sort(),
    );
    expect(
      texts(
        text,
        found.filter((entity) => entity.kind === 'connection-password'),
      ),
    ).toEqual(['s3cr3t-pass']);
  });

  it('refuses look-alikes: a "JWT" whose header is not JSON, a key-like word without its label', () => {
    const text = 'eyJub3Rqc29u.eyJhYmNkZWZnaGk.abcdefghijklmnop and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    expect(detectSecrets(text)).toEqual([]);
  });
});
