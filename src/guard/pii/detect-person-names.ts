// Person names, best effort, in Latin script. Two ways in:
// - a cue that introduces a name, followed by capitalised words. After a strong cue ("my name is",
//   "Name:", a title such as "Dr.") any name that is the whole phrase and not mostly common words;
//   after a weak one ("Dear", "Hi", "Regards,", "Contact:", "Patient:") a known name part that is
//   not a common word, or a lone known name part closing the phrase ("Cheers, Jack");
// - with no cue, a run of two to four capitalised words, cut at words that mark something else
//   ("Hyde Park", "Federal Reserve") and at common words that are no name part ("Ask Priya Raman"):
//   a stretch whose ends are both known name parts ("Ada Lovelace", "John Smith"), or whose one end
//   is a known name part that is not a common word and the other unknown ("Ignacio Arizu", "Priya
//   Raman"), for less confidence. A stretch of mostly common words is no name ("Quick Brown Fox").
// Known name parts come from a dictionary of people's names, common words from an English word
// list (people-names.ts; decision 0014). Bounded patterns, one pass each: linear in the text.

import { commonWords, nameParticles, notNameWords, peopleNames } from './people-names.js';
import { letterRanges, lowerLetter, upperLetter } from './latin-letters.js';
import type { PiiEntity } from './pii-entity.js';

const upper = upperLetter;
const lower = lowerLetter;
const letterOrDigit = `[${letterRanges}0-9]`;

/** A capitalised word: "Ada", "O'Brien", "Jean-Luc", "Müller". */
const word = `(?:${upper}['’]${upper}${lower}{1,20}|${upper}${lower}{1,20}(?:-${upper}${lower}{1,20})?)`;
const particle = `(?:${[...nameParticles].join('|')})`;
/** Capitalised words on one line, with lower-case particles between them: `{min,max}` more after the first. */
const wordsAfterFirst = (more: string): string => `${word}(?: (?:${particle} )?${word})${more}`;

// The first character is matched before the look-behind: a pattern that opens with a character
// class lets V8 skip ahead to candidates, one that opens with a look-behind is tried everywhere.
const runStart = `${upper}(?<![${letterRanges}0-9'’-]${upper})`;
const firstWord = `${runStart}(?:['’]${upper}${lower}{1,20}|${lower}{1,20}(?:-${upper}${lower}{1,20})?)`;
/** Runs of two to four capitalised words, not inside a longer word. */
const runs = new RegExp(`${firstWord}(?: (?:${particle} )?${word}){1,3}(?!${letterOrDigit})`, 'g');

const title = '(?:Mr|Mrs|Ms|Mx|Dr|Prof)\\.?';
/** Cues after which a capitalised word is a name even if the list lacks it: "my name is", "Dr.". */
const strongCue = `(?:[Mm]y name is|[Nn]ame:|${title})`;
/** Cues that may introduce a name or something else ("Dear Team"): the name must be a known one. */
const weakCue =
  `(?:I am|I'm|[Tt]his is|Dear|Hi|Hello|Hey|Thanks|Thank you|Cheers|Regards|Best regards|Kind regards|Sincerely|` +
  `Signed|From|Attn|Attention|Contact(?: person)?|Emergency contact(?: is)?|Patient|Applicant|Tenant|Employee)[,:]?`;
// One word boundary before the alternation, not one per alternative: a third less time on prose.
const introduced = new RegExp(
  `\\b(?:(${strongCue})|${weakCue}(?:[ \\t]+(${title}))?)[ \\t]*\\n?[ \\t]*(${wordsAfterFirst('{0,3}')})`,
  'g',
);

/** How every capitalised word starts: a text without one (a megabyte of numbers) skips the patterns. */
const capitalisedWordStart = new RegExp(`${upper}(?:${lower}|['’])`);

/** Confidence for a name a cue introduced; for a run whose ends are both known name parts; for one. */
const cued = 0.8;
const bothKnown = 0.7;
const oneKnown = 0.6;

export function detectPersonNames(text: string): PiiEntity[] {
  const kinds = wordKinds();
  const found: PiiEntity[] = [];
  if (!capitalisedWordStart.test(text)) return found;
  introduced.lastIndex = 0;
  for (let match = introduced.exec(text); match !== null; match = introduced.exec(text)) {
    // "my name is", "Name:" or a title, even after a greeting ("Dear Mr. Smith").
    const strong = match[1] !== undefined || match[2] !== undefined;
    const run = match[3]!;
    const start = match.index + match[0].length - run.length;
    const segment = firstSegment(run, kinds);
    // The phrase must begin with the name: "Dear Team Alpha" introduces no one.
    if (segment === undefined || segment.start !== 0) continue;
    // After a strong cue an unknown name counts, if it is the whole phrase and not mostly common
    // words ("Name: Quarterly Revenue Report" is cut at "Revenue", a common word).
    const unknownName = strong && segment.end === run.length && segment.commonCount * 2 <= segment.count;
    const accepted =
      unknownName ||
      segment.distinct ||
      (segment.named && segment.count === 1 && closesPhrase(text, start + segment.end));
    if (accepted) found.push({ type: 'person-name', start, end: start + segment.end, confidence: cued });
  }
  let offset = 0;
  const judge = (segment: Segment): void => {
    // Mostly common words ("Quick Brown Fox", "Will Power") is a phrase, not a name.
    if (segment.count < 2 || segment.commonCount * 2 > segment.count) return;
    const firstName = (segment.firstKind & name) !== 0;
    const lastName = (segment.lastKind & name) !== 0;
    let confidence: number | undefined;
    if (firstName && lastName) confidence = bothKnown;
    // One end unknown (a name the list lacks), the other a name that is not a common word.
    else if (firstName && (segment.firstKind & common) === 0) confidence = oneKnown;
    else if (lastName && (segment.lastKind & common) === 0) confidence = oneKnown;
    if (confidence === undefined) return;
    found.push({ type: 'person-name', start: offset + segment.start, end: offset + segment.end, confidence });
  };
  // exec with lastIndex rather than matchAll, which copies the pattern and costs more per match.
  // A run inside a name a cue already introduced would only add a less confident overlap: skipped.
  const introducedCount = found.length;
  let next = 0;
  runs.lastIndex = 0;
  for (let match = runs.exec(text); match !== null; match = runs.exec(text)) {
    while (next < introducedCount && found[next]!.end <= match.index) next++;
    const inside = next < introducedCount ? found[next]! : undefined;
    if (inside !== undefined && inside.start <= match.index && runs.lastIndex <= inside.end) continue;
    offset = match.index;
    eachSegment(match[0], kinds, judge);
  }
  return withoutOverlaps(found.sort((left, right) => left.start - right.start));
}

/** In text order, an entity overlapping the one kept before it is dropped unless more confident. */
function withoutOverlaps(entities: PiiEntity[]): PiiEntity[] {
  const kept: PiiEntity[] = [];
  for (const entity of entities) {
    const previous = kept.at(-1);
    if (previous === undefined || entity.start >= previous.end) kept.push(entity);
    else if (entity.confidence > previous.confidence) kept[kept.length - 1] = entity;
  }
  return kept;
}

/** What a capitalised word is, as bits: a known name part, a common English word, a non-name. */
const name = 1;
const common = 2;
const notName = 4;

let kindsOfWords: ReadonlyMap<string, number> | undefined;

/** One lookup per word: every name part, common word (capitalised) and non-name word, with its bits. */
function wordKinds(): ReadonlyMap<string, number> {
  if (kindsOfWords === undefined) {
    const kinds = new Map<string, number>();
    const add = (word: string, bit: number) => kinds.set(word, (kinds.get(word) ?? 0) | bit);
    for (const word of peopleNames()) add(word, name);
    for (const word of commonWords()) add(word.charAt(0).toUpperCase() + word.slice(1), common);
    for (const word of notNameWords) add(word, notName);
    kindsOfWords = kinds;
  }
  return kindsOfWords;
}

/** A stretch of a run between words that are not names, as offsets into the run. */
interface Segment {
  start: number;
  end: number;
  /** Capitalised words in it (a hyphenated word counts once), and how many are common words. */
  count: number;
  commonCount: number;
  /** The kind of the first part of its first word, and of the last part of its last. */
  firstKind: number;
  lastKind: number;
  /** Some part is a known name; some part is a known name and not a common word. */
  named: boolean;
  distinct: boolean;
}

let first: Segment | undefined;
const keepFirst = (segment: Segment): void => {
  first ??= { ...segment };
};

/** The first segment of a run, or undefined when its first word already marks something else. */
function firstSegment(run: string, kinds: ReadonlyMap<string, number>): Segment | undefined {
  first = undefined;
  eachSegment(run, kinds, keepFirst);
  return first;
}

/** Whether a lone name at `end` closes its phrase: punctuation next, or the next two characters blank (or the end). */
function closesPhrase(text: string, end: number): boolean {
  const next = text.charCodeAt(end);
  if (Number.isNaN(next)) return true;
  // , . ! ? ; :
  if (next === 0x2c || next === 0x2e || next === 0x21 || next === 0x3f || next === 0x3b || next === 0x3a)
    return true;
  const after = text.charCodeAt(end + 1);
  return isSpace(next) && (Number.isNaN(after) || isSpace(after));
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

const scratch: Segment = {
  start: 0,
  end: 0,
  count: 0,
  commonCount: 0,
  firstKind: 0,
  lastKind: 0,
  named: false,
  distinct: false,
};

/**
 * Cuts a run of capitalised words at the words that mark something other than a person and hands
 * each stretch to `visit` (one reused object: copy it to keep it). Particles ("da", "van") stay
 * inside a stretch, never at its ends. One map lookup per word: a megabyte of capitalised words
 * is some 50,000 runs.
 */
function eachSegment(
  run: string,
  kinds: ReadonlyMap<string, number>,
  visit: (segment: Segment) => void,
): void {
  let open = false;
  for (let position = 0; position < run.length;) {
    let space = run.indexOf(' ', position);
    if (space < 0) space = run.length;
    const start = position;
    position = space + 1;
    // The pattern lets only particles start in lower case.
    const first = run.charCodeAt(start);
    if (first >= 0x61 && first <= 0x7a) continue;
    const token = run.slice(start, space);
    const hyphen = token.indexOf('-');
    let headKind: number;
    let tailKind: number;
    if (hyphen < 0) {
      headKind = kinds.get(token) ?? 0;
      tailKind = headKind;
    } else {
      headKind = kinds.get(token.slice(0, hyphen)) ?? 0;
      tailKind = kinds.get(token.slice(token.lastIndexOf('-') + 1)) ?? 0;
    }
    // A word that marks something else, or a common word that is no name ("Ask", "Results"), ends
    // the stretch: "Ask Priya Raman" holds the name "Priya Raman".
    const kind = headKind | tailKind;
    if ((kind & notName) !== 0 || (kind & (common | name)) === common) {
      if (open) visit(scratch);
      open = false;
      continue;
    }
    if (!open) {
      open = true;
      scratch.start = start;
      scratch.count = 0;
      scratch.commonCount = 0;
      scratch.firstKind = headKind;
      scratch.named = false;
      scratch.distinct = false;
    }
    scratch.end = space;
    scratch.count += 1;
    if ((kind & common) !== 0) scratch.commonCount += 1;
    scratch.lastKind = tailKind;
    scratch.named ||= (kind & name) !== 0;
    scratch.distinct ||= (headKind & (name | common)) === name || (tailKind & (name | common)) === name;
  }
  if (open) visit(scratch);
}
