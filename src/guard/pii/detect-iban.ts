// International bank account numbers: a country code, two check digits and the account, written
// whole or in groups of four; accepted when the country's length matches (ISO 13616 registry) and
// the mod-97 check gives 1. Lower case is accepted too (forms and chats write it so), but not a
// mix of cases, which is how identifiers and encoded data look.

import type { PiiEntity } from './pii-entity.js';

const candidate = /\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}\b/g;

/** IBAN lengths by country (from the public IBAN registry). */
const lengths: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

export function detectIbans(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const match of text.matchAll(candidate)) {
    // The pattern may run into a following word: try the country's exact length from the start.
    const written = match[0].replace(/ /g, '');
    const compact = written.toUpperCase();
    const length = lengths[compact.slice(0, 2)];
    if (length === undefined || compact.length < length) continue;
    const iban = compact.slice(0, length);
    const lower = written.slice(0, length) === iban.toLowerCase();
    if ((written.slice(0, length) !== iban && !lower) || !mod97Valid(iban)) continue;
    found.push({
      type: 'iban',
      start: match.index,
      end: match.index + spanOf(match[0], length),
      confidence: lower ? 0.9 : 0.97,
    });
  }
  return found;
}

export function mod97Valid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const code = character.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : character;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/** How many characters of the written form hold `length` characters of the account. */
function spanOf(written: string, length: number): number {
  let counted = 0;
  for (let index = 0; index < written.length; index++) {
    if (written[index] !== ' ') counted++;
    if (counted === length) return index + 1;
  }
  return written.length;
}
