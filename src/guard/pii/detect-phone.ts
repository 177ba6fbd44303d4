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
    const digits = digitsOf(written, nanpDigits);
    if (digits < 7 || digits > 15) continue;
    if (!written.startsWith('+') && defaultCountry === 'US' && !plausibleNanp(digits, nanpDigits)) continue;
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

/** The first five digits of the candidate being read (a megabyte of digits has tens of thousands). */
const nanpDigits = new Int8Array(5);

/** How many digits `written` has; its first five go to `first`. Read in place: no copy per run. */
function digitsOf(written: string, first: Int8Array): number {
  let count = 0;
  for (let index = 0; index < written.length; index++) {
    const digit = written.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) continue;
    if (count < first.length) first[count] = digit;
    count += 1;
  }
  return count;
}

/**
 * A quick test before the full parse, for national numbers read as US: ten digits (or eleven
 * starting with 1) whose area code and exchange start with 2–9. Most digit runs fail it, so a
 * megabyte of digits costs milliseconds, not a parse per run. `first`: the first five digits.
 */
function plausibleNanp(count: number, first: Int8Array): boolean {
  const skip = count === 11 && first[0] === 1 ? 1 : 0;
  return count - skip === 10 && first[skip]! >= 2 && first[skip + 3]! >= 2;
}
