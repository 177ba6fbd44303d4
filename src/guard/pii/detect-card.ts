// Payment card numbers: 13 to 19 digits, optionally grouped by spaces or dashes, that pass the
// Luhn check and start with a known issuer prefix (Visa, Mastercard, Amex, Discover, JCB, Diners,
// UnionPay). Order numbers and other digit runs rarely pass both.

import { ContextLookup } from './context-lookup.js';
import { withContext } from './context-words.js';
import type { PiiEntity } from './pii-entity.js';

const candidate = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const context = [/\b(?:card|credit|debit|visa|mastercard|amex|cc|pan)\b/];

export function detectCards(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  const words = new ContextLookup(text);
  // exec with lastIndex rather than matchAll, the number read from the text: a megabyte of card
  // numbers has 60,000, and each iterator step and read of a substring cost.
  candidate.lastIndex = 0;
  for (let match = candidate.exec(text); match !== null; match = candidate.exec(text)) {
    const start = match.index;
    const end = candidate.lastIndex;
    // Every known issuer's numbers start with 2 to 6: most digit runs end here, unparsed.
    const first = text.charCodeAt(start);
    if (first < 0x32 || first > 0x36) continue;
    if (!validNumber(text, start, end)) continue;
    const confidence = withContext(0.85, words.before(start, context));
    found.push({ type: 'card', start, end, confidence });
  }
  return found;
}

/**
 * Whether a candidate text[start, end) (digits with single spaces or dashes between) is a number of
 * a known issuer that passes the Luhn check: read in place, as a megabyte of card numbers has tens
 * of thousands.
 */
function validNumber(text: string, start: number, end: number): boolean {
  let length = 0;
  let four = 0;
  let sum = 0;
  for (let index = end - 1; index >= start; index--) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) continue;
    // Luhn from the right: every second digit doubled.
    const doubled = length % 2 === 1 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
    length += 1;
  }
  for (let index = start, taken = 0; taken < 4; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) continue;
    four = four * 10 + digit;
    taken += 1;
  }
  return sum % 10 === 0 && knownIssuer(four, length);
}

/** `four`: the number's first four digits; `length`: how many digits it has (13 or more). */
function knownIssuer(four: number, length: number): boolean {
  const two = Math.floor(four / 100);
  const three = Math.floor(four / 10);
  if (two >= 40 && two <= 49) return length === 13 || length === 16 || length === 19;
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return length === 16;
  if (two === 34 || two === 37) return length === 15;
  if (four === 6011 || two === 65 || (three >= 644 && three <= 649)) return length >= 16 && length <= 19;
  if (four >= 3528 && four <= 3589) return length >= 16 && length <= 19;
  if ((three >= 300 && three <= 305) || two === 36 || two === 38) return length >= 14 && length <= 19;
  if (two === 62) return length >= 16 && length <= 19;
  return false;
}
