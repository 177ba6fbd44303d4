// Postal addresses, best effort, in the forms most mail is written in:
// - the English street form: a house number (or "One" to "Ten"), an optional direction, up to
//   four capitalised words or ordinals and a street type ("Street", "Ave", "Plaza", "Loop", ...),
//   an optional trailing direction ("NW"), unit, city, state and ZIP or postcode (US, Canadian,
//   British);
// - a post office box ("PO Box 4821"), with the same tail;
// - the continental forms that end in a postcode and a city: "Hauptstraße 12, 10115 Berlin",
//   "Platz der Republik 1, 11011 Berlin", "12 Rue de Rivoli, 75004 Paris" (continental-addresses.ts).
// A number right after a label such as "Version", "Order" or "Chapter" is not a house number.
// Bounded patterns, one pass each: linear in the text.

import { continentalAddresses } from './continental-addresses.js';
import { lowerLetter, upperLetter } from './latin-letters.js';
import type { PiiEntity } from './pii-entity.js';

/** A house number, or a number word: two patterns, since an alternation tried at every word costs. */
const houseNumbers = ['\\d{1,5}[A-Z]?', '(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)'];
const direction = '(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)';
/** A word of a street's name: "Pennsylvania", "34th", an initial, "Jr". */
const streetWord = '(?:[A-Z][a-z]{1,20}|\\d{1,3}(?:st|nd|rd|th)|[A-Z]\\.?)';
const streetType =
  '(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|' +
  'Parkway|Pkwy|Square|Sq|Plaza|Loop|Highway|Hwy|Circle|Cir|Trail|Trl|Crescent|Cres|Close|Row|Mews|Gardens)';
const unit = '(?:,?\\s(?:Apt|Apartment|Suite|Ste|Unit|Floor|Fl)\\.?\\s?#?[\\w-]{1,6})';
const city = '(?:,\\s[A-Z][a-z]{1,20}(?:\\s[A-Z][a-z]{1,20}){0,2})';
/** A state or province code; not the letters of a British postcode ("NW1"). */
const state = '(?:,?\\s[A-Z]{2}\\b(?!\\d))';
const postcode =
  '(?:,?\\s(?:\\d{5}(?:-\\d{4})?|[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d|[A-Z]{1,2}\\d[A-Z\\d]?\\s\\d[A-Z]{2}))';
const tail = `${unit}?${city}?${state}?${postcode}?`;

const [englishStreet, numberWordStreet] = houseNumbers.map(
  (houseNumber) =>
    new RegExp(
      `\\b${houseNumber}\\s(?:${direction}\\.?\\s)?(?:${streetWord}\\s){1,4}${streetType}\\b\\.?` +
        `(?:\\s${direction}\\b)?${tail}`,
      'g',
    ),
) as [RegExp, RegExp];
const postOfficeBox = new RegExp(
  `\\b(?:P\\.?\\s?O\\.?\\s?Box|Post Office Box)\\s\\d{1,6}${city}?${state}?${postcode}?`,
  'g',
);

/** Labels whose number is not a house number: "Version 3 Release Notes Way", "Order 42 Blue Widgets Street". */
const numberLabels: ReadonlySet<string> = new Set(
  'version v order chapter section page step item issue release episode season part volume figure table rule article room route take no number level grade size week day'.split(
    ' ',
  ),
);

/**
 * What every form holds: a capital and a small letter in a row (every street type, "Box", a city
 * after a postcode). A text without one (a megabyte of numbers) skips the patterns.
 */
const capitalThenSmall = new RegExp(`${upperLetter}${lowerLetter}`);

export function detectPostalAddresses(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  if (!capitalThenSmall.test(text)) return found;
  for (const [pattern, confidence] of [
    [englishStreet, 0.7],
    [numberWordStreet, 0.7],
    [postOfficeBox, 0.75],
  ] as const) {
    // exec with lastIndex rather than matchAll, which copies the pattern and costs more per match.
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (pattern !== postOfficeBox && afterNumberLabel(text, match.index)) continue;
      found.push({ type: 'postal-address', start: match.index, end: pattern.lastIndex, confidence });
    }
  }
  // A loop, not push(...): a long text can hold more addresses than a call takes arguments.
  for (const address of continentalAddresses(text)) found.push(address);
  return found.sort((left, right) => left.start - right.start);
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Whether the word just before `start` is a label whose number is not a house number. */
function afterNumberLabel(text: string, start: number): boolean {
  let end = start;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x23)) end -= 1;
  if (text.charCodeAt(end - 1) === 0x2e) end -= 1;
  let begin = end;
  while (begin > 0 && end - begin < 12 && isAsciiLetter(text.charCodeAt(begin - 1))) begin -= 1;
  return begin < end && numberLabels.has(text.slice(begin, end).toLowerCase());
}
