// US Social Security numbers: AAA-GG-SSSS (or nine digits after a label such as "SSN"), with the
// Social Security Administration's rules: area 001–899 but not 666, group 01–99, serial 0001–9999.
// Dashed numbers count on their own; bare nine-digit runs only with a label right before them
// ("SSN: 123456789", "my social security number is 123456789").

import { ContextLookup } from './context-lookup.js';
import { hasContextBefore, withContext } from './context-words.js';
import type { PiiEntity } from './pii-entity.js';

// No capture groups: the parts are read from the match by position (a megabyte holds 60,000).
const dashed = /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/g;
const bare = /(?<![\d-])\d{9}(?![\d-])/g;
const context = [/\b(?:ssn|social security|social-security|soc\.? sec)\b/];
const labelEnd = [
  /\b(?:ssn|social security(?: number)?|social-security(?: number)?|soc\.? sec\.?)(?: no\.?| number| #)?(?: is| was)?[\s:#=-]{0,3}$/,
];
/** How every label `labelEnd` matches begins, wherever it is: at most this far before the number. */
const labelStart = /ssn|social security|social-security|soc\.? sec/gi;
const labelReach = 40;

export function detectSsns(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  const words = new ContextLookup(text);
  // A text without a dash holds no dashed number: it skips the pattern. exec with lastIndex
  // rather than matchAll, which costs more per match.
  dashed.lastIndex = text.includes('-') ? 0 : text.length + 1;
  for (let match = dashed.exec(text); match !== null; match = dashed.exec(text)) {
    if (!validParts(text, match.index, 4, 7)) continue;
    const confidence = withContext(0.8, words.before(match.index, context));
    found.push({ type: 'ssn', start: match.index, end: dashed.lastIndex, confidence });
  }
  for (const match of bareCandidates(text)) {
    // A bare run is an SSN only right after its label ("SSN: 123456789").
    if (!validParts(text, match.index, 3, 5) || !mayFollowLabel(text, match.index)) continue;
    if (!hasContextBefore(text, match.index, labelEnd, labelReach)) continue;
    found.push({ type: 'ssn', start: match.index, end: match.index + match[0].length, confidence: 0.9 });
  }
  return found;
}

/**
 * The nine-digit runs that may follow a label, in text order. A bare run needs a label starting
 * at most `labelReach` characters before it, and labels are rare: where there are few, only the
 * stretch after each is searched, so a megabyte of digit runs (log lines, ids) costs a search for
 * the label words instead of a look at every run. Where labels are common, every run is looked at.
 */
function* bareCandidates(text: string): Generator<RegExpExecArray> {
  const labels: number[] = [];
  const most = text.length >> 8;
  labelStart.lastIndex = 0;
  // Every start, overlapping ones included: the label the exact test finds may begin at any of them.
  for (let label = labelStart.exec(text); label !== null; label = labelStart.exec(text)) {
    labels.push(label.index);
    labelStart.lastIndex = label.index + 1;
    if (labels.length > most) {
      yield* text.matchAll(bare);
      return;
    }
  }
  let from = 0;
  for (const label of labels) {
    // Runs starting within reach after this label, not already read after an earlier one. The
    // stretch keeps one character before (for the lookbehind) and one after the run (the lookahead).
    const first = Math.max(label + 1, from);
    const last = Math.min(text.length - 9, label + labelReach);
    from = label + labelReach + 1;
    if (first > last) continue;
    const offset = first - 1;
    for (const match of text.slice(offset, last + 10).matchAll(bare)) {
      if (match.index === 0 || offset + match.index > last) continue;
      match.index += offset;
      yield match;
    }
  }
}

/**
 * Whether the text before `start` can end a label: a letter or a dot, then at most three of
 * space : # = -. A cheap test first, so a megabyte of digit runs skips the label search.
 */
function mayFollowLabel(text: string, start: number): boolean {
  let index = start - 1;
  while (index >= 0 && start - index <= 3 && /[\s:#=-]/.test(text[index]!)) index--;
  return index >= 0 && /[A-Za-z.]/.test(text[index]!);
}

/**
 * Area 001–899 but not 666, group not 00, serial not 0000, for the number at `start`: the group
 * and serial start at the offsets given from it.
 */
function validParts(text: string, start: number, group: number, serial: number): boolean {
  const area = digitsAt(text, start, 3);
  return (
    area >= 1 &&
    area <= 899 &&
    area !== 666 &&
    digitsAt(text, start + group, 2) !== 0 &&
    digitsAt(text, start + serial, 4) !== 0
  );
}

/** The number the `count` digits at `start` of `written` spell. */
function digitsAt(written: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) value = value * 10 + written.charCodeAt(index) - 48;
  return value;
}
