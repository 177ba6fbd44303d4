// Person names and postal addresses, best effort: no list of names can be complete, so a name is
// found only where the text introduces one ("my name is", "Name:", "Dear", a title such as "Dr."),
// and an address only in the common street form (a number, capitalised words and a street type,
// then optionally a unit, a city, a state and a ZIP code). Both patterns are bounded, so the scan
// stays linear. Confidence is modest: these are the detectors most likely to miss or misfire.

import type { PiiEntity } from './pii-entity.js';

const capitalised = "(?:[A-Z][a-z]{1,20}|[A-Z]'[A-Z][a-z]{1,20})(?:-[A-Z][a-z]{1,20})?";
const title = '(?:Mr|Mrs|Ms|Dr|Prof)\\.?';
const introduced = new RegExp(
  `(?:\\b[Mm]y name is|\\b[Nn]ame:|\\b[Dd]ear(?:\\s+${title})?|\\b${title})\\s+(${capitalised}(?: ${capitalised}){0,2})`,
  'g',
);
const selfIntroduced = new RegExp(`\\b(?:I am|I'm|[Tt]his is)\\s+(${capitalised} ${capitalised})\\b`, 'g');
const streetTypes =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy|Square|Sq';
const address = new RegExp(
  `\\b\\d{1,5}\\s+(?:[A-Z][a-z]{1,20}\\s){1,4}(?:${streetTypes})\\b\\.?` +
    `(?:,?\\s(?:Apt|Suite|Unit)\\.?\\s?[\\w-]{1,6})?` +
    `(?:,\\s[A-Z][a-z]{1,20}(?:\\s[A-Z][a-z]{1,20}){0,2})?` +
    `(?:,\\s[A-Z]{2})?(?:\\s\\d{5}(?:-\\d{4})?)?`,
  'g',
);

export function detectPersonNames(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const [pattern, confidence] of [
    [introduced, 0.75],
    [selfIntroduced, 0.6],
  ] as const) {
    for (const match of text.matchAll(pattern)) {
      const name = match[1]!;
      const start = match.index + match[0].length - name.length;
      found.push({ type: 'person-name', start, end: start + name.length, confidence });
    }
  }
  return found;
}

export function detectPostalAddresses(text: string): PiiEntity[] {
  return [...text.matchAll(address)].map((match) => ({
    type: 'postal-address' as const,
    start: match.index,
    end: match.index + match[0].length,
    confidence: 0.7,
  }));
}
