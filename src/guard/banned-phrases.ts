// A route's banned phrases (docs/guardrails.md, the `phrases` output check): words and phrases an
// answer must not contain — a competitor's name, an internal code name, a topic the route stays
// away from. Matching ignores case, treats any run of whitespace as one space and respects word
// edges ("ban" does not match "banana"). One regular expression of escaped literals: linear in the
// text, whatever it holds. A finding names the entry by its place in the list ("phrase 2"), never
// the phrase itself, so a refusal does not tell the client what the list holds.

import type { PiiEntity } from './pii/pii-entity.js';

/** The longest phrase: a stream holds back 64 characters, so a longer one could pass cut in two. */
export const maxPhraseLength = 64;

function escaped(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/u)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
}

/** Finds the listed phrases in a text. */
export function phraseFinder(phrases: readonly string[]): (text: string) => PiiEntity[] {
  const normal = phrases.map((phrase) => phrase.trim().toLowerCase().replace(/\s+/gu, ' '));
  // Longest first, so "project atlas" wins over "atlas" where both match.
  const order = normal
    .map((_, index) => index)
    .sort((left, right) => normal[right]!.length - normal[left]!.length);
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_])(?:${order.map((index) => escaped(phrases[index]!)).join('|')})(?![\\p{L}\\p{N}_])`,
    'giu',
  );
  return (text) => {
    const found: PiiEntity[] = [];
    for (const match of text.matchAll(pattern)) {
      const index = normal.indexOf(match[0].toLowerCase().replace(/\s+/gu, ' '));
      found.push({
        type: 'phrase',
        start: match.index,
        end: match.index + match[0].length,
        confidence: 1,
        kind: `phrase ${index + 1}`,
      });
    }
    return found;
  };
}
