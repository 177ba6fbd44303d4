// Latin letters for the name and address patterns, by explicit ranges (Basic Latin, Latin-1 and
// Latin Extended-A): V8 matches Unicode property classes such as \p{Lu} several times slower, and
// the name list is in Latin script. Extended-A interleaves its cases, so both classes take it whole.

export const upperLetter = '[A-ZÀ-ÖØ-Þ\\u0100-\\u017F]';
export const lowerLetter = '[a-zß-öø-ÿ\\u0100-\\u017F]';
/** Every letter's range, to build a class with more in it: `[${letterRanges}0-9]`. */
export const letterRanges = 'A-Za-zÀ-ÖØ-öø-ÿ\\u0100-\\u017F';

/** Whether a UTF-16 code unit is one of `letterRanges`. */
export function isLatinLetter(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0xc0 && code <= 0x17f && code !== 0xd7 && code !== 0xf7)
  );
}
