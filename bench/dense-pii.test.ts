import { describe, expect, it } from 'vitest';
import { scanPii } from '../src/guard/pii/scan-pii.js';
import { denseTexts } from './dense-pii.js';

describe('denseTexts', () => {
  const texts = denseTexts();

  it('gives a megabyte of each kind', () => {
    for (const text of Object.values(texts)) {
      expect(text.length).toBeGreaterThan(990_000);
      expect(text.length).toBeLessThanOrEqual(1_000_000);
    }
  });

  it('packs each with entities of its own kind, every item a valid one but the cut last', () => {
    const expected: Record<string, string> = {
      'card numbers': 'card',
      'email addresses': 'email',
      'phone numbers': 'phone',
      'IPv4 addresses': 'ip-address',
      IBANs: 'iban',
      'US SSNs': 'ssn',
    };
    for (const [name, text] of Object.entries(texts)) {
      const separator = name === 'phone numbers' ? ', ' : name === 'US SSNs' ? '; ' : ' ';
      const items = text.split(separator).length;
      const found = scanPii(text).filter((entity) => entity.type === expected[name]);
      expect(found.length, name).toBeGreaterThanOrEqual(items - 1);
      expect(found.length, name).toBeLessThanOrEqual(items);
    }
  });
});
