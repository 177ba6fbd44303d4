import { describe, expect, it } from 'vitest';
import { isLatinLetter, letterRanges, lowerLetter, upperLetter } from './latin-letters.js';

describe('Latin letters', () => {
  it('isLatinLetter agrees with the letter class on every code unit up to U+0200', () => {
    const letter = new RegExp(`^[${letterRanges}]$`);
    for (let code = 0; code < 0x200; code++) {
      expect(isLatinLetter(code), code.toString(16)).toBe(letter.test(String.fromCharCode(code)));
    }
  });

  it('tells capitals from small letters in Latin-1', () => {
    const upper = new RegExp(`^${upperLetter}$`);
    const lower = new RegExp(`^${lowerLetter}$`);
    expect(['A', 'Ü', 'Ø'].every((letter) => upper.test(letter) && !lower.test(letter))).toBe(true);
    expect(['a', 'ü', 'ß'].every((letter) => lower.test(letter) && !upper.test(letter))).toBe(true);
    expect(upper.test('×') || lower.test('÷')).toBe(false);
  });
});
