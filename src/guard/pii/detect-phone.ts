// Phone numbers: candidate digit runs (with + ( ) . - and spaces) found by a bounded pattern, each
// parsed and validated by libphonenumber-js against its numbering plans — international numbers
// with their country code, national ones as US numbers unless a `defaultCountry` is given. Only
// candidates that pass a quick plausibility test are parsed, each distinct one once, so the cost
// stays linear on long texts.

import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { hasContextBefore, withContext } from './context-words.js';
import type { PiiEntity } from './pii-entity.js';

const candidate = /(?<![\w+])\+?\(?\d(?:[\d ().-]{5,20})\d(?![\d])/g;
const context = [/\b(?:phone|tel|telephone|call|mobile|cell|fax|whatsapp|sms|text me)\b/];

export function detectPhones(text: string, defaultCountry: CountryCode = 'US'): PiiEntity[] {
  const found: PiiEntity[] = [];
  const checked = new Map<string, boolean>();
  for (const match of text.matchAll(candidate)) {
    const written = match[0];
    const digits = written.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    if (!written.startsWith('+') && defaultCountry === 'US' && !plausibleNanp(digits)) continue;
    let valid = checked.get(written);
    if (valid === undefined) {
      valid = parsePhoneNumberFromString(written, defaultCountry)?.isValid() === true;
      checked.set(written, valid);
    }
    if (!valid) continue;
    // A bare national run of digits with no separators and no label is often something else.
    const plain = /^\d+$/.test(written);
    const labelled = hasContextBefore(text, match.index, context);
    if (plain && !labelled && !written.startsWith('+')) continue;
    const confidence = withContext(written.startsWith('+') ? 0.9 : 0.8, labelled);
    found.push({ type: 'phone', start: match.index, end: match.index + written.length, confidence });
  }
  return found;
}

/**
 * A quick test before the full parse, for national numbers read as US: ten digits (or eleven
 * starting with 1) whose area code and exchange start with 2–9. Most digit runs fail it, so a
 * megabyte of digits costs milliseconds, not a parse per run.
 */
function plausibleNanp(digits: string): boolean {
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  return national.length === 10 && national[0]! >= '2' && national[3]! >= '2';
}
