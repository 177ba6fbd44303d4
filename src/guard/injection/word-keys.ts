// How the injection rules' trigger tables name a word: by its first three characters,
// lower-cased, as one number (a table of 38³ entries: letters, digits, underscore, and "none"
// for shorter words). Words are runs of [A-Za-z0-9_], as the patterns' `\b` sees them.

/** 0: no character (a shorter word); 1–26 letters; 27–36 digits; 37 underscore. */
export const symbolCount = 38;

/** The symbol of a word character's code, or -1 for a character outside words. */
export function symbolOf(code: number): number {
  if (code >= 0x61 && code <= 0x7a) return code - 0x60;
  if (code >= 0x41 && code <= 0x5a) return code - 0x40;
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 27;
  return code === 0x5f ? 37 : -1;
}

/** The key of a word from its first three symbols (0 for those it lacks). */
export function wordKey(first: number, second: number, third: number): number {
  return (first * symbolCount + second) * symbolCount + third;
}

/**
 * Marks in `masks` (one entry per key) with `bit` every key a word may have when it starts with
 * the lead's literal letters: a superset of the words the lead (a regex source) can begin.
 */
export function registerLead(masks: Uint32Array, lead: string, id: string, bit: number): void {
  let letters = /^[a-z]+/i.exec(lead)?.[0].toLowerCase();
  if (letters === undefined) throw new RangeError(`${id}: a lead must start with a letter: ${lead}`);
  // A quantifier after the letters makes the last one optional ("tus?" begins "tu" too): only the
  // letters before it are sure.
  if (/^[?*{]/.test(lead.slice(letters.length))) letters = letters.slice(0, -1);
  if (letters === '')
    throw new RangeError(`${id}: a lead must start with a letter that is not optional: ${lead}`);
  const known = Array.from(letters.slice(0, 3), (letter) => symbolOf(letter.charCodeAt(0)));
  const choices = (position: number): number[] =>
    position < known.length ? [known[position]!] : Array.from({ length: symbolCount }, (_, symbol) => symbol);
  for (const first of choices(0)) {
    for (const second of choices(1)) {
      for (const third of choices(2)) masks[wordKey(first, second, third)]! |= bit;
    }
  }
}
