import { describe, expect, it } from 'vitest';
import { phoneValidations } from './detect-phone.js';
import { newScanBudget, scanPii } from './scan-pii.js';

describe('scanPii', () => {
  it('reports every entity once, in text order, the secret winning over what it contains', () => {
    const text = 'Mail jane@example.com, card 4111 1111 1111 1111, db postgres://u:4155552671@db:5432/x';
    const found = scanPii(text);
    expect(found.map((entity) => [entity.type, text.slice(entity.start, entity.end)])).toEqual([
      ['email', 'jane@example.com'],
      ['card', '4111 1111 1111 1111'],
      ['secret', '4155552671'],
    ]);
  });

  it("takes a connection string's password as a secret, not as the start of an email", () => {
    const text = 'DATABASE_URL=postgres://app:Tr0ub4dor-and-3@db.example.com:5432/app';
    expect(scanPii(text).map((entity) => [entity.type, text.slice(entity.start, entity.end)])).toEqual([
      ['secret', 'Tr0ub4dor-and-3'],
    ]);
  });

  it('drops doubtful entities under the confidence floor', () => {
    expect(scanPii('version 1.2.3.4').map((entity) => entity.type)).toEqual([]);
    expect(scanPii('version 1.2.3.4', 0.2).map((entity) => entity.type)).toEqual(['ip-address']);
  });

  it('takes more entities than a function call takes arguments (250,000 addresses)', () => {
    const entities = scanPii('Am Ring 1, 10115 Berlin '.repeat(250_000));
    expect(entities).toHaveLength(250_000);
    expect(entities.every((entity) => entity.type === 'postal-address')).toBe(true);
  });

  // Linear time on hostile input: every detector's pattern is bounded and anchored.
  it.each([
    ['one character', 'a'.repeat(1_000_000)],
    ['digits and spaces', '1 '.repeat(500_000)],
    ['dots and digits', '1.'.repeat(500_000)],
    ['at signs', 'a@'.repeat(500_000)],
    ['colons and hex', 'a:'.repeat(500_000)],
    ['key prefixes', 'sk-'.repeat(333_333)],
    ['jwt-like', 'eyJ.'.repeat(250_000)],
    ['labels', 'born on DOB: '.repeat(80_000)],
    ['name cues', 'Dear Mr. Ann '.repeat(80_000)],
    ['street-like runs', '12 Main Oak Elm Street, '.repeat(42_000)],
    ['capitalised names', 'Alice Bob Carol Dave Eve Frank Grace Heidi Ivan Judy '.repeat(20_000)],
    ['names with particles and hyphens', 'Ann da Bo-Cy van Di '.repeat(50_000)],
    ['postcode tails', 'Am Ring 1, 10115 Berlin '.repeat(42_000)],
    ['postcode tails among numbers', '1, 12345 Aa '.repeat(83_000)],
    ['French addresses', '12 bis, Rue de la Aa, 75004 Paris '.repeat(30_000)],
    ['capitalised letters', 'Ab'.repeat(500_000)],
    ['broken surrogates', '\ud800x'.repeat(500_000)],
  ])('scans a megabyte of %s in well under a second', (_name, text) => {
    const started = performance.now();
    scanPii(text);
    // The goal is 50 ms (bench/pii-eval.ts measures it); this bound only catches blow-ups.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('shares one budget across the texts of a request: many small texts cost no more than one', () => {
    const budget = newScanBudget();
    const numbers = (from: number, count: number): string =>
      Array.from({ length: count }, (_, index) => `(212) 555-${String(from + index).padStart(4, '0')}`).join(
        '; ',
      );
    const first = scanPii(numbers(0, phoneValidations), 0.5, budget);
    const second = scanPii(numbers(5000, 3), 0.5, budget);
    expect(first.every((entity) => entity.type === 'phone' && entity.confidence === 0.8)).toBe(true);
    expect(first).toHaveLength(phoneValidations);
    // Validations spent: the second text's numbers are still found, by shape.
    expect(second.map((entity) => entity.confidence)).toEqual([0.7, 0.7, 0.7]);
    // Without a shared budget each text has its own.
    expect(scanPii(numbers(5000, 3)).map((entity) => entity.confidence)).toEqual([0.8, 0.8, 0.8]);
  });
});
