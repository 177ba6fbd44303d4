// Dates of birth: a real calendar date (ISO, US or European order, or "12 March 1985") that
// follows a label such as "born", "date of birth", "DOB" or "birthday" within a few words. Other
// dates are not personal data on their own and are left alone.

import type { PiiEntity } from './pii-entity.js';

const months =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const label = /\b(?:born|date of birth|d\.?o\.?b\.?|birth ?date|birthday)\b/gi;
/** How far after its label a date of birth may start ("born on the 4th of" is about the limit). */
const reach = 24;
const date = new RegExp(
  `(?<!\\d)(?:(\\d{4})-(\\d{1,2})-(\\d{1,2})|(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})|(\\d{1,2})(?:st|nd|rd|th)? (${months}),? (\\d{4})|(${months}) (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4}))`,
  'i',
);
const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function detectDatesOfBirth(text: string, now = new Date()): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const labelled of text.matchAll(label)) {
    const after = labelled.index + labelled[0].length;
    const match = date.exec(text.slice(after, after + reach + 32));
    if (match === null || match.index > reach || !realDate(match, now.getUTCFullYear())) continue;
    const start = after + match.index;
    found.push({ type: 'date-of-birth', start, end: start + match[0].length, confidence: 0.9 });
  }
  return found;
}

function realDate(match: RegExpExecArray, thisYear: number): boolean {
  let year: number;
  let month: number;
  let day: number;
  if (match[1] !== undefined) [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if (match[4] !== undefined) {
    // 03/04/1985: month first (US) unless the first part cannot be a month.
    const first = Number(match[4]);
    const second = Number(match[5]);
    [year, month, day] = first > 12 ? [Number(match[6]), second, first] : [Number(match[6]), first, second];
  } else if (match[7] !== undefined) {
    [year, month, day] = [Number(match[9]), monthOf(match[8]!), Number(match[7])];
  } else [year, month, day] = [Number(match[12]), monthOf(match[10]!), Number(match[11])];
  if (year < 1900 || year > thisYear || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthOf(name: string): number {
  return monthNames.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}
