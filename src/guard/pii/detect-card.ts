// Payment card numbers: 13 to 19 digits, optionally grouped by spaces or dashes, that pass the
// Luhn check and start with a known issuer prefix (Visa, Mastercard, Amex, Discover, JCB, Diners,
// UnionPay). Order numbers and other digit runs rarely pass both.

import { hasContextBefore, withContext } from './context-words.js';
import type { PiiEntity } from './pii-entity.js';

const candidate = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const context = [/\b(?:card|credit|debit|visa|mastercard|amex|cc|pan)\b/];

export function detectCards(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const match of text.matchAll(candidate)) {
    // Every known issuer's numbers start with 2 to 6: most digit runs end here, unparsed.
    const first = match[0][0]!;
    if (first < '2' || first > '6') continue;
    const digits = match[0].replace(/[ -]/g, '');
    if (!knownIssuer(digits) || !luhnValid(digits)) continue;
    const confidence = withContext(0.85, hasContextBefore(text, match.index, context));
    found.push({ type: 'card', start: match.index, end: match.index + match[0].length, confidence });
  }
  return found;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

function knownIssuer(digits: string): boolean {
  const length = digits.length;
  const two = Number(digits.slice(0, 2));
  const three = Number(digits.slice(0, 3));
  const four = Number(digits.slice(0, 4));
  if (digits.startsWith('4')) return length === 13 || length === 16 || length === 19;
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return length === 16;
  if (two === 34 || two === 37) return length === 15;
  if (four === 6011 || two === 65 || (three >= 644 && three <= 649)) return length >= 16 && length <= 19;
  if (four >= 3528 && four <= 3589) return length >= 16 && length <= 19;
  if ((three >= 300 && three <= 305) || two === 36 || two === 38) return length >= 14 && length <= 19;
  if (two === 62) return length >= 16 && length <= 19;
  return false;
}
