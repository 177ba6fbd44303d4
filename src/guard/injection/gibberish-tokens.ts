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
}

const urlLike = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)|^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const encodedRun = /^[A-Za-z0-9+/=_-]{25,}$/;
const otherLetter = 'ª';
const otherSymbol = '¤';
const longestWord = 40;

/** Tokens that are data, not language: no character model of prose can judge them. */
export function isDataToken(token: string): boolean {
  // Past 40 characters a "word" is a minified line, a path or a blob, not a suffix's token.
  if (token.length > longestWord || urlLike.test(token) || encodedRun.test(token)) return true;
  // Hashes, ids, versions, timestamps: letters and digits mixed in one long token.
  if (token.length >= 8 && /\d/.test(token) && /[A-Za-z]/.test(token)) return true;
  let latin = 0;
  let other = 0;
  for (let index = 0; index < token.length; index++) {
    const code = token.charCodeAt(index) | 0x20;
    if (code >= 0x61 && code <= 0x7a) latin++;
    else if (token.charCodeAt(index) >= 0x80 && /\p{L}/u.test(token.charAt(index))) other++;
  }
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

function shapeClass(symbol: string): string {
  if (symbol >= 'a' && symbol <= 'z') return 'a';
  if (symbol >= 'A' && symbol <= 'Z') return 'A';
  if (symbol === otherLetter) return 'a';
  return symbol;
}

export function toGibberishToken(word: string): GibberishToken {
  let symbols = '';
  let shape = '';
  for (const character of word) {
    const symbol = toSymbol(character);
    symbols += symbol;
    const kind = shapeClass(symbol);
    if (!shape.endsWith(kind)) shape += kind;
  }
  return { symbols, shape };
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
    for (const word of line.split(/\s+/)) {
      if (word !== '' && !isDataToken(word)) tokens.push(toGibberishToken(word));
    }
  }
  return tokens;
}
