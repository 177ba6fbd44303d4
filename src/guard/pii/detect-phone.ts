// Phone numbers: candidate digit runs (with + ( ) . - and spaces) found by a bounded pattern, each
// parsed and validated by libphonenumber-js against its numbering plans — international numbers
// with their country code, national ones as US numbers unless a `defaultCountry` is given. Only
// candidates that pass a quick plausibility test are parsed, each distinct one once, so the cost
// stays linear on long texts. A parse costs microseconds (libphonenumber-js builds its patterns as
// it goes), so a scan validates at most `PhoneBudget.validations` distinct candidates; past that,
// a candidate is judged by its shape alone, at a lower confidence: a megabyte of distinct numbers
// is then redacted in milliseconds instead of a few hundred, erring toward redacting.

import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { ContextLookup } from './context-lookup.js';
import { withContext } from './context-words.js';
import type { PiiEntity } from './pii-entity.js';
import { ValueTable } from './value-table.js';

// A run of 16 digits or more is never a phone number (at most 15): refused where it starts, it
// costs no backtracking and swallows no number written right after it (a card, then "(415) …").
const candidate = /(?<![\w+])(?!\d{16})\+?\(?\d(?:[\d ().-]{5,20})\d(?![\d])/g;
const context = [/\b(?:phone|tel|telephone|call|mobile|cell|fax|whatsapp|sms|text me)\b/];

/** Full validations a scan may still spend; shared by every text of one request's check run. */
export interface PhoneBudget {
  validations: number;
}

/** Distinct candidates fully validated per scan: 10–30 µs each, so at most about 15 ms. */
export const phoneValidations = 500;

/** How sure a candidate is: validated, or judged by its shape once the budget is spent. */
const confidenceOf = { international: 0.9, national: 0.8, internationalShape: 0.8, nationalShape: 0.7 };

export function detectPhones(
  text: string,
  defaultCountry: CountryCode = 'US',
  budget: PhoneBudget = { validations: phoneValidations },
): PiiEntity[] {
  const found: PiiEntity[] = [];
  /**
   * The distinct candidates validated (read in place: a Map of strings spent a quarter of a
   * megabyte of numbers' scan hashing candidates it never held), and whether each is valid.
   */
  const checked = new ValueTable();
  const verdicts: boolean[] = [];
  const words = new ContextLookup(text);
  // exec with lastIndex rather than matchAll, which copies the pattern and costs more per match.
  candidate.lastIndex = 0;
  for (let match = candidate.exec(text); match !== null; match = candidate.exec(text)) {
    const written = match[0];
    const digits = digitsOf(written, nanpDigits);
    if (digits < 7 || digits > 15) continue;
    const international = written.startsWith('+');
    if (!international && defaultCountry === 'US' && !plausibleNanp(digits, nanpDigits)) continue;
    // Once the budget is spent only the candidates already validated are looked up, none added.
    const entry = checked.entryOf(text, match.index, candidate.lastIndex, budget.validations > 0);
    let valid: boolean | 'shape' | undefined = entry >= 0 ? verdicts[entry] : undefined;
    if (valid === undefined && budget.validations > 0) {
      budget.validations -= 1;
      valid = parsePhoneNumberFromString(written, defaultCountry)?.isValid() === true;
      verdicts.push(valid);
    }
    // Past the budget: an international number needs room for a country code and a subscriber number.
    valid ??= international && digits < 8 ? false : 'shape';
    if (valid === false) continue;
    // A bare national run of digits with no separators and no label is often something else.
    const plain = digits === written.length;
    const labelled = words.before(match.index, context);
    if (plain && !labelled && !international) continue;
    const base =
      valid === 'shape'
        ? international
          ? confidenceOf.internationalShape
          : confidenceOf.nationalShape
        : international
          ? confidenceOf.international
          : confidenceOf.national;
    found.push({
      type: 'phone',
      start: match.index,
      end: match.index + written.length,
      confidence: withContext(base, labelled),
    });
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
