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

/** The registered length by country code, at (first letter) * 26 + second letter; 0 for none. */
const lengthByCode = new Uint8Array(26 * 26);
for (const [country, length] of Object.entries(lengths)) {
  lengthByCode[(country.charCodeAt(0) - 65) * 26 + country.charCodeAt(1) - 65] = length;
}

export function detectIbans(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  // exec with lastIndex rather than matchAll, and the country read from the text: a megabyte of
  // IBANs has tens of thousands, and each substring and upper-cased copy was an allocation.
  candidate.lastIndex = 0;
  for (let match = candidate.exec(text); match !== null; match = candidate.exec(text)) {
    const start = match.index;
    // The pattern may run into a following word: the country's exact length is read from the start.
    const length =
      lengthByCode[((text.charCodeAt(start) | 32) - 97) * 26 + (text.charCodeAt(start + 1) | 32) - 97]!;
    if (length === 0) continue;
    const end = readIban(text, start, candidate.lastIndex, length);
    if (end === 0) continue;
    const lower = text.charCodeAt(start) >= 97;
    found.push({ type: 'iban', start, end, confidence: lower ? 0.9 : 0.97 });
  }
  return found;
}

/**
 * Reads the first `length` characters of the account in text[start, end) (spaces skipped) in
 * place: where they end; 0 when there are fewer, their letters mix cases, or the mod-97 check
 * fails. A megabyte of IBANs has tens of thousands, so no string is made per candidate.
 */
function readIban(text: string, start: number, end: number, length: number): number {
  let counted = 0;
  let remainder = 0;
  let upper = false;
  let lower = false;
  let index = start;
  for (; index < end && counted < length; index++) {
    const code = text.charCodeAt(index);
    if (code === 32) continue;
    if (code >= 97) lower = true;
    else if (code >= 65) upper = true;
    // The first four characters (country and check digits, never spaced) go to the end.
    if (counted >= 4) remainder = mod97Step(remainder, code);
    counted += 1;
  }
  if (counted < length || (upper && lower)) return 0;
  for (let first = start; first < start + 4; first++)
    remainder = mod97Step(remainder, text.charCodeAt(first));
  return remainder === 1 ? index : 0;
}

/** One character into a running mod-97 remainder: a digit as itself, a letter as 10 (A) to 35 (Z). */
function mod97Step(remainder: number, code: number): number {
  return code >= 65 ? (remainder * 100 + (code & ~32) - 55) % 97 : (remainder * 10 + code - 48) % 97;
}

export function mod97Valid(iban: string): boolean {
  // The first four characters go to the end; letters count as two digits (A = 10 … Z = 35).
  let remainder = 0;
  for (let step = 0; step < iban.length; step++) {
    remainder = mod97Step(remainder, iban.charCodeAt((step + 4) % iban.length));
  }
  return remainder === 1;
}
