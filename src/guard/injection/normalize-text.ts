// Folds text into the form the injection detector reads, so that look-alike and invisible
// characters cannot hide an attack: broken UTF-16 surrogates become U+FFFD, zero-width, bidi
// control, variation-selector and tag characters are removed (tag characters, which can smuggle
// ASCII, are decoded and returned apart), then Unicode NFKC folds fullwidth and styled letters.
// Three ways to the same result, by how many such characters there are (a megabyte here): none,
// the common case — one search with a single character class (linear, no backtracking), then
// only lone surrogates replaced before `normalize` (about 3 ms against 17 for a pass over the
// character codes); a few — one global replace; many — the pass over the character codes,
// copying what stays (a replace is far slower when they are dense). Pure: the caller's text is
// untouched.

export interface NormalizedText {
  /** The visible text, NFKC-normalised, invisible characters removed. */
  text: string;
  /** ASCII spelled by Unicode tag characters (U+E0020–U+E007E), or '' when there were none. */
  tagText: string;
}

/** Invisible format characters in the Basic Multilingual Plane that carry no visible text. */
function isInvisible(code: number): boolean {
  return (
    code === 0x00ad || // soft hyphen
    code === 0x034f || // combining grapheme joiner
    code === 0x061c || // Arabic letter mark
    code === 0x115f ||
    code === 0x1160 || // Hangul fillers
    code === 0x180e || // Mongolian vowel separator
    (code >= 0x200b && code <= 0x200f) || // zero-width space, joiners, direction marks
    (code >= 0x202a && code <= 0x202e) || // bidi embeddings and overrides
    (code >= 0x2060 && code <= 0x206f) || // word joiner, invisible operators, bidi isolates
    code === 0x3164 || // Hangul filler
    (code >= 0xfe00 && code <= 0xfe0f) || // variation selectors
    code === 0xfeff || // zero-width no-break space
    code === 0xffa0 // halfwidth Hangul filler
  );
}

/** Any character removed below: isInvisible's, tags and supplementary variation selectors. */
const removableAll =
  // eslint-disable-next-line no-misleading-character-class -- each joiner and selector is meant alone
  /[\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/gu;

interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** Tag characters that spell printable ASCII. */
const printableTag = /[\u{e0020}-\u{e007e}]/gu;
const maxTagText = 65_536;

/** Lone surrogates become U+FFFD (as the UTF-16 decoding in `copyingPass` makes them), then NFKC. */
function wellFormedNfkc(text: string): string {
  const checked = text as string & WellFormed;
  return (checked.isWellFormed() ? text : checked.toWellFormed()).normalize('NFKC');
}

/** True when `pattern` matches fewer than `limit` times in `text`. */
function fewerMatches(text: string, pattern: RegExp, limit: number): boolean {
  pattern.lastIndex = 0;
  let count = 0;
  while (pattern.exec(text) !== null) if (++count >= limit) return false;
  return true;
}

export function normalizeText(input: string): NormalizedText {
  removableAll.lastIndex = 0;
  if (!removableAll.test(input)) return { text: wellFormedNfkc(input), tagText: '' };
  // A few such characters (an emoji's variation selector here and there): removed in one replace.
  if (fewerMatches(input, removableAll, Math.max(16, input.length >>> 8))) {
    let tagText = '';
    for (const match of input.matchAll(printableTag)) {
      if (tagText.length >= maxTagText) break;
      tagText += String.fromCharCode(match[0].codePointAt(0)! - 0xe0000);
    }
    return { text: wellFormedNfkc(input.replace(removableAll, '')), tagText };
  }
  return copyingPass(input);
}

/** Dense invisible characters: one pass over the character codes, copying what stays. */
function copyingPass(input: string): NormalizedText {
  const length = input.length;
  let output: Uint16Array | undefined;
  let written = 0;
  let tagText = '';
  for (let index = 0; index < length; index++) {
    const code = input.charCodeAt(index);
    let skip = 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = index + 1 < length ? input.charCodeAt(index + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const point = ((code - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        // Tags (U+E0000–U+E007F) and supplementary variation selectors (U+E0100–U+E01EF).
        if ((point >= 0xe0000 && point <= 0xe007f) || (point >= 0xe0100 && point <= 0xe01ef)) {
          if (point >= 0xe0020 && point <= 0xe007e && tagText.length < maxTagText) {
            tagText += String.fromCharCode(point - 0xe0000);
          }
          skip = 2;
        } else if (output) {
          output[written++] = code;
          output[written++] = next;
        }
        index += 1;
        if (skip === 0) continue;
      }
      // A lone surrogate is kept here and becomes U+FFFD when the UTF-16 is decoded below.
    } else if (code >= 0xad && isInvisible(code)) {
      skip = 1;
    }
    if (skip > 0) {
      if (!output) {
        output = new Uint16Array(length);
        for (let copied = 0; copied < index - (skip - 1); copied++) output[copied] = input.charCodeAt(copied);
        written = index - (skip - 1);
      }
      continue;
    }
    if (output) output[written++] = code;
  }
  const lone = output === undefined && !(input as string & WellFormed).isWellFormed();
  const stripped =
    output === undefined && !lone
      ? input
      : decoder.decode(output ? output.subarray(0, written) : toCodes(input));
  return { text: stripped.normalize('NFKC'), tagText };
}

const decoder = new TextDecoder('utf-16le');

function toCodes(input: string): Uint16Array {
  const codes = new Uint16Array(input.length);
  for (let index = 0; index < input.length; index++) codes[index] = input.charCodeAt(index);
  return codes;
}
