// Context words asked about by many matches of one text. `hasContextBefore` costs a slice and a
// pattern test per match: a megabyte of 60,000 card numbers asks it 60,000 times, nearly always
// to learn that no label is anywhere near. Once a text has asked often enough, each set of words
// is searched once over the whole text with its word boundaries dropped: a looser pattern, so
// every match the exact test could find in a window lies within reach of one of its occurrences.
// A window that no occurrence reaches is answered "no" at once; any other still gets the exact
// test. The answers are the same as `hasContextBefore`'s, only cheaper.

import { defaultWindow, hasContextBefore } from './context-words.js';

/** Where a looser form of some words occurs in a text: starts in order, and the furthest end so far. */
interface Occurrences {
  starts: Int32Array;
  furthestEnds: Int32Array;
}

export class ContextLookup {
  #asked = 0;
  /** Questions answered by the exact test before the text is searched once: that search costs about a millisecond per megabyte. */
  readonly #searchAfter: number;
  /** Per set of words: its occurrences, or null when its patterns have no looser form. */
  readonly #found = new Map<readonly RegExp[], Occurrences | null>();

  constructor(private readonly text: string) {
    this.#searchAfter = 32 + (text.length >> 8);
  }

  /** Whether one of `words` occurs within `window` characters before `start` (as hasContextBefore). */
  before(start: number, words: readonly RegExp[], window = defaultWindow): boolean {
    this.#asked += 1;
    if (this.#asked > this.#searchAfter) {
      let occurrences = this.#found.get(words);
      if (occurrences === undefined) {
        occurrences = occurrencesOf(this.text, words);
        this.#found.set(words, occurrences);
      }
      if (occurrences !== null && !reaches(occurrences, Math.max(0, start - window), start)) return false;
    }
    return hasContextBefore(this.text, start, words, window);
  }
}

/**
 * Every occurrence of the looser form of each of `words`; null when one of them has no looser
 * form, or when they are so common (a label before every number) that the exact test is cheaper.
 */
function occurrencesOf(text: string, words: readonly RegExp[]): Occurrences | null {
  const forms: RegExp[] = [];
  for (const word of words) {
    let looser = looserForms.get(word);
    if (looser === undefined) {
      looser = looserForm(word);
      looserForms.set(word, looser);
    }
    if (looser === null) return null;
    forms.push(looser);
  }
  // Counted first without keeping anything: past one occurrence per 256 characters, give up.
  const most = text.length >> 8;
  let count = 0;
  for (const form of forms) {
    form.lastIndex = 0;
    while (form.test(text)) if (++count > most) return null;
  }
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  let index = 0;
  for (const form of forms) {
    for (const match of text.matchAll(form)) {
      starts[index] = match.index;
      ends[index++] = match.index + match[0].length;
    }
  }
  // One pattern's occurrences come in order; several patterns' are put in order of start.
  const order = Array.from(starts.keys());
  if (forms.length > 1) order.sort((left, right) => starts[left]! - starts[right]!);
  const sortedStarts = new Int32Array(count);
  const furthestEnds = new Int32Array(count);
  let furthest = 0;
  order.forEach((from, to) => {
    furthest = Math.max(furthest, ends[from]!);
    sortedStarts[to] = starts[from]!;
    furthestEnds[to] = furthest;
  });
  return { starts: sortedStarts, furthestEnds };
}

const looserForms = new WeakMap<RegExp, RegExp | null>();

/** Whether an occurrence overlaps the window [from, to). */
function reaches(occurrences: Occurrences, from: number, to: number): boolean {
  // The last occurrence that starts before `to`; any that overlaps ends after `from`.
  let low = 0;
  let high = occurrences.starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (occurrences.starts[middle]! < to) low = middle + 1;
    else high = middle;
  }
  return low > 0 && occurrences.furthestEnds[low - 1]! > from;
}

/**
 * `word` without its word-boundary assertions, case-insensitive and global: wherever `word`
 * matches in part of a text, this matches at the same place in the whole. Null for patterns
 * whose match could depend on what lies outside it (anchors, lookaround, back-references) or
 * that hold character classes (where `\b` means a backspace): those always get the exact test.
 */
export function looserForm(word: RegExp): RegExp | null {
  const source = word.source;
  if (/[$^[]|\(\?[=!<]|\\[1-9k]/.test(source)) return null;
  let looser = '';
  for (let index = 0; index < source.length; index++) {
    const character = source[index]!;
    if (character !== '\\') {
      looser += character;
      continue;
    }
    const next = source[index + 1] ?? '';
    index += 1;
    if (next !== 'b' && next !== 'B') looser += character + next;
  }
  const flags = new Set(`${word.flags}gi`);
  flags.delete('y');
  return new RegExp(looser, [...flags].join(''));
}
