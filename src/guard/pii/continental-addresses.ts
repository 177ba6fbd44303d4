// Continental postal addresses, which end in a five-digit postcode and a city: the German forms
// ("Hauptstraße 12, 10115 Berlin", "Platz der Republik 1, 11011 Berlin", "Unter den Linden 77,
// 10117 Berlin") and the French one ("12 Rue de Rivoli, 75004 Paris"). The tail is rare in prose,
// so the scan looks for it alone and then reads back: the street name at the starts of the few
// words before the number, each tried with a sticky match. A text dense with such tails costs a
// handful of anchored tries per tail, never a try at every word of the text.

import { isLatinLetter, letterRanges, lowerLetter, upperLetter } from './latin-letters.js';
import type { PiiEntity } from './pii-entity.js';

const upper = upperLetter;
const lower = lowerLetter;
const letters = letterRanges;

/** ", <five-digit postcode> <City>". */
const postcodeAndCity = new RegExp(`,\\s\\d{5}\\s${upper}${lower}{1,20}`, 'g');

const germanSuffix = '(?:straße|strasse|platz|weg|allee|gasse|ring|damm|ufer|markt|graben|steig|pfad|hof)';
const germanLead = '(?:Platz|Am|An|Auf|Im|In|Unter|Alte|Neue|Große|Kleine)';
/** A German street name, ending right before " <number>". */
const germanName = new RegExp(
  `(?:${upper}${lower}{0,30}${germanSuffix}|${germanLead}(?:\\s(?:der|des|den|dem))?\\s${upper}${lower}{1,20}(?:\\s${upper}${lower}{1,20})?)(?=\\s\\d)`,
  'y',
);
/** The most words a German street name spans ("Platz der Republik", "Unter den Linden"). */
const germanWords = 4;

/** A French address up to the comma before its postcode: "12 Rue de Rivoli", "5 bis Avenue Anatole France". */
const frenchStreet = new RegExp(
  `\\d{1,4}(?:\\s?(?:bis|ter))?,?\\s(?:Rue|Avenue|Boulevard|Place|Quai|Chemin|Allée|Impasse)` +
    `(?:\\s(?:de|du|des|la|le|d'|l')){0,2}\\s?${upper}[${letters}'-]{1,20}(?:\\s(?:de\\s|du\\s|la\\s)?${upper}[${letters}'-]{1,20}){0,3}(?=,\\s\\d{5}\\s)`,
  'y',
);
/** How far before the comma a French address may start (number, type, up to four name words). */
const frenchReach = 120;

export function continentalAddresses(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  postcodeAndCity.lastIndex = 0;
  for (let tail = postcodeAndCity.exec(text); tail !== null; tail = postcodeAndCity.exec(text)) {
    const comma = tail.index;
    const start = germanStart(text, comma) ?? frenchStart(text, comma);
    if (start === undefined) continue;
    found.push({ type: 'postal-address', start, end: postcodeAndCity.lastIndex, confidence: 0.75 });
  }
  return found;
}

/** Where "<German street name> <number>" ending at `comma` starts, if it does. */
function germanStart(text: string, comma: number): number | undefined {
  // The house number: 1–4 digits and an optional letter ("12a"), after a space.
  let position = comma;
  if (position > 0 && isLowerAscii(text.charCodeAt(position - 1))) position -= 1;
  const digitsEnd = position;
  while (position > 0 && digitsEnd - position < 4 && isDigit(text.charCodeAt(position - 1))) position -= 1;
  if (position === digitsEnd || position === 0 || text.charCodeAt(position - 1) !== 0x20) return undefined;
  // The street name ends at that space; try it from each of the words before it.
  const end = position - 1;
  let wordEnd = end;
  for (let word = 0; word < germanWords; word++) {
    let begin = wordEnd;
    while (begin > 0 && isLatinLetter(text.charCodeAt(begin - 1))) begin -= 1;
    if (begin === wordEnd) return undefined;
    germanName.lastIndex = begin;
    if (germanName.exec(text) !== null && germanName.lastIndex === end) return begin;
    if (begin === 0 || text.charCodeAt(begin - 1) !== 0x20) return undefined;
    wordEnd = begin - 1;
  }
  return undefined;
}

/** The French street types: the number comes right before one of them. */
const frenchType = /(?:Rue|Avenue|Boulevard|Place|Quai|Chemin|Allée|Impasse)\s/g;
/** The most characters between a French address's number and its street type ("12 bis, "). */
const frenchNumberReach = 12;

/**
 * Where a French address ending at `comma` starts. A street type must lie in the window before the
 * comma; the number is tried only at the digits that begin a word just before a type ("5 Avenue de
 * la Place Royale" has two), so a window full of digits costs no more than one without.
 */
function frenchStart(text: string, comma: number): number | undefined {
  const windowStart = Math.max(0, comma - frenchReach);
  const window = text.slice(windowStart, comma);
  frenchType.lastIndex = 0;
  for (let type = frenchType.exec(window); type !== null; type = frenchType.exec(window)) {
    const typeAt = windowStart + type.index;
    for (let position = typeAt - 1; position >= Math.max(0, typeAt - frenchNumberReach); position--) {
      if (!isDigit(text.charCodeAt(position))) continue;
      const before = position === 0 ? 0x20 : text.charCodeAt(position - 1);
      if (isDigit(before) || isLatinLetter(before)) continue;
      frenchStreet.lastIndex = position;
      if (frenchStreet.exec(text) !== null && frenchStreet.lastIndex === comma) return position;
    }
  }
  return undefined;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isLowerAscii(code: number): boolean {
  return code >= 0x61 && code <= 0x7a;
}
