// The words the gibberish score reads (gibberish-model.ts): the detection text split on
// whitespace, without the tokens a language model of prose would wrongly call gibberish (URLs,
// e-mail addresses, hashes, ids, base64 runs, words in non-Latin scripts), each mapped to the
// symbols the character model counts and to its shape. Shared by training and inference.

/** A word the gibberish model scores. */
export interface GibberishToken {
  /** Character symbols: digits as '0', Latin letters without accents, other letters 'ª', case kept. */
  symbols: string;
  /** Character classes with runs collapsed: 'a' lower, 'A' upper, '0' digit, punctuation itself. */
  shape: string;
  /** Whether the word is the first of its line. */
  startsLine: boolean;
}

const urlLike = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)|^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const encodedRun = /^[A-Za-z0-9+/=_-]{25,}$/;
const otherLetter = 'ª';
const otherSymbol = '¤';
const longestWord = 40;

/** Tokens that are data, not language: no character model of prose can judge them. */
export function isDataToken(token: string): boolean {
  // Past 40 characters a "word" is a minified line, a path or a blob, not a suffix's token.
  if (token.length > longestWord) return true;
  if (token.length >= 25 && encodedRun.test(token)) return true;
  let latin = 0;
  let digits = 0;
  let other = 0;
  let marks = false;
  for (let index = 0; index < token.length; index++) {
    const code = token.charCodeAt(index);
    const folded = code | 0x20;
    if (folded >= 0x61 && folded <= 0x7a && code < 0x80) latin++;
    else if (code >= 0x30 && code <= 0x39) digits++;
    else if (code === 0x3a || code === 0x40)
      marks = true; // ':' or '@': a URL or an address?
    else if (code >= 0x80 && /\p{L}/u.test(token.charAt(index))) other++;
  }
  if ((marks || token.startsWith('www.')) && urlLike.test(token)) return true;
  // Hashes, ids, versions, timestamps: letters and digits mixed in one long token.
  if (token.length >= 8 && digits > 0 && latin > 0) return true;
  // A model trained on English has no opinion on Chinese or Cyrillic words.
  return other > 0 && other * 2 >= latin + other;
}

function toSymbol(character: string): string {
  const code = character.charCodeAt(0);
  if (code < 0x80) return code >= 0x30 && code <= 0x39 ? '0' : character;
  if (/\p{Nd}/u.test(character)) return '0';
  if (/\p{L}/u.test(character)) {
    const base = character.normalize('NFD').charAt(0);
    return /[A-Za-z]/.test(base) ? base : otherLetter;
  }
  return otherSymbol;
}

function shapeClass(character: string, symbol: string): string {
  if (symbol === otherLetter || /[A-Za-z]/.test(symbol)) {
    return character === character.toLowerCase() ? 'a' : 'A';
  }
  return symbol;
}

export function toGibberishToken(word: string, startsLine = false): GibberishToken {
  let shape = '';
  let last = '';
  // ASCII without digits is its own symbols: the common case builds no string but the shape.
  let index = 0;
  for (; index < word.length; index++) {
    const code = word.charCodeAt(index);
    if (code >= 0x80 || (code >= 0x30 && code <= 0x39)) break;
    const kind = code >= 0x61 && code <= 0x7a ? 'a' : code >= 0x41 && code <= 0x5a ? 'A' : word.charAt(index);
    if (kind !== last) shape += kind;
    last = kind;
  }
  if (index === word.length) return { symbols: word, shape, startsLine };
  let symbols = word.slice(0, index);
  for (; index < word.length; index++) {
    const code = word.charCodeAt(index);
    let symbol: string;
    let kind: string;
    if (code < 0x80) {
      const lower = code >= 0x61 && code <= 0x7a;
      const upper = code >= 0x41 && code <= 0x5a;
      const digit = code >= 0x30 && code <= 0x39;
      symbol = digit ? '0' : word.charAt(index);
      kind = lower ? 'a' : upper ? 'A' : symbol;
    } else {
      const character = String.fromCodePoint(word.codePointAt(index)!);
      index += character.length - 1;
      symbol = toSymbol(character);
      kind = shapeClass(character, symbol);
    }
    symbols += symbol;
    if (kind !== last) shape += kind;
    last = kind;
  }
  return { symbols, shape, startsLine };
}

/**
 * The scored words of a text, in order. Fenced code blocks and indented lines are skipped: code
 * is the commonest false positive of perplexity filters, and an appended suffix is neither.
 */
export function gibberishTokens(text: string): GibberishToken[] {
  const tokens: GibberishToken[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*(?:```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced || /^(?: {4}|\t)/.test(line)) continue;
    let first = true;
    let start = -1;
    // Words are runs of characters above U+0020 (NFKC has already made other spaces plain).
    for (let index = 0; index <= line.length; index++) {
      const space = index === line.length || line.charCodeAt(index) <= 0x20;
      if (!space) {
        if (start < 0) start = index;
        continue;
      }
      if (start < 0) continue;
      const word = line.slice(start, index);
      start = -1;
      if (isDataToken(word)) continue;
      tokens.push(toGibberishToken(word, first));
      first = false;
    }
  }
  return tokens;
}
