import { createHmac, createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKey, hashKey, keyKindOf, keyPrefix } from './key-material.js';

describe('generateKey', () => {
  it('makes virtual keys of sy- and 43 base64url characters carrying 256 bits', () => {
    const key = generateKey('virtual');
    expect(key).toMatch(/^sy-[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(3), 'base64url')).toHaveLength(32);
  });

  it('makes admin tokens of sya- and 43 base64url characters', () => {
    expect(generateKey('admin')).toMatch(/^sya-[A-Za-z0-9_-]{43}$/);
  });

  it('never repeats itself, nor its visible prefix, across many keys', () => {
    const keys = Array.from({ length: 2000 }, () => generateKey('virtual'));
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(keys.map(keyPrefix)).size).toBe(keys.length);
  });
});

describe('keyKindOf', () => {
  it('recognises the kind of generated keys', () => {
    expect(keyKindOf(generateKey('virtual'))).toBe('virtual');
    expect(keyKindOf(generateKey('admin'))).toBe('admin');
  });

  const body = 'A'.repeat(43);
  it.each([
    ['a number', 42],
    ['undefined', undefined],
    ['an empty string', ''],
    ['a bare marker', 'sy-'],
    ['one character short', `sy-${body.slice(1)}`],
    ['one character long', `sy-${body}A`],
    ['standard base64 characters', `sy-${body.slice(2)}+/`],
    ['padding', `sy-${body.slice(1)}=`],
    ['a space', `sy-${body.slice(1)} `],
    ['a newline after it', `sy-${body}\n`],
    ['an unknown marker', `sk-${body}`],
    ['an uppercase marker', `SY-${body}`],
    ['an OpenAI-style key', `sk-proj-${body}`],
    ['a megabyte of junk', `sy-${'A'.repeat(1_000_000)}`],
    ['a non-ASCII lookalike', `sy-${body.slice(1)}Ａ`],
  ])('rejects %s', (_label, value) => {
    expect(keyKindOf(value)).toBeUndefined();
  });
});

describe('keyPrefix', () => {
  it('is the first 12 characters', () => {
    expect(keyPrefix('sy-abcdefghijklmnop')).toBe('sy-abcdefghi');
    expect(keyPrefix('sya-abcdefghijklmnop')).toBe('sya-abcdefgh');
  });
});

describe('hashKey', () => {
  it('is HMAC-SHA256 hex of the key under the secret', () => {
    const key = generateKey('virtual');
    const secret = 'x'.repeat(64);
    expect(hashKey(key, secret)).toBe(createHmac('sha256', secret).update(key).digest('hex'));
    expect(hashKey(key, secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashKey(key, createSecretKey(Buffer.from(secret)))).toBe(hashKey(key, secret));
  });

  it('depends on both the key and the secret', () => {
    const key = generateKey('virtual');
    expect(hashKey(key, 'secret-one'.padEnd(32, '!'))).not.toBe(hashKey(key, 'secret-two'.padEnd(32, '!')));
    expect(hashKey(key, 's'.repeat(32))).not.toBe(hashKey(generateKey('virtual'), 's'.repeat(32)));
  });
});
