// Folds text into the form the injection detector reads, so that look-alike and invisible
// characters cannot hide an attack: broken UTF-16 surrogates become U+FFFD, zero-width, bidi
// control, variation-selector and tag characters are removed (tag characters, which can smuggle
// ASCII, are decoded and returned apart), then Unicode NFKC folds fullwidth and styled letters.
// Linear passes plus `normalize`; no regular expressions. Pure: the caller's text is untouched.

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

export function normalizeText(input: string): NormalizedText {
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
          if (point >= 0xe0020 && point <= 0xe007e && tagText.length < 65_536) {
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
  const lone = output === undefined && hasLoneSurrogate(input);
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

function hasLoneSurrogate(input: string): boolean {
  for (let index = 0; index < input.length; index++) {
    const code = input.charCodeAt(index);
    if (code < 0xd800 || code > 0xdfff) continue;
    const next = index + 1 < input.length ? input.charCodeAt(index + 1) : 0;
    if (code > 0xdbff || next < 0xdc00 || next > 0xdfff) return true;
    index += 1;
  }
  return false;
}
