// Context around a match: words just before it (a label such as "SSN:" or "born on") make a
// detection more or less likely. Looks at a bounded window, so the cost per match is constant.

/** Characters before a match that count as its context, by default. */
export const defaultWindow = 48;

/** True when one of `words` (lower case, whole words) occurs within `window` characters before `start`. */
export function hasContextBefore(
  text: string,
  start: number,
  words: readonly RegExp[],
  window = defaultWindow,
): boolean {
  // The window as it is, read without regard to case: no lower-cased copy per match (a megabyte
  // of card numbers asks this 60,000 times).
  const before = text.slice(Math.max(0, start - window), start);
  for (const word of words) if (caseless(word).test(before)) return true;
  return false;
}

const caselessForms = new WeakMap<RegExp, RegExp>();

/** `word` with the i flag (made once per pattern); patterns are written in lower case. */
function caseless(word: RegExp): RegExp {
  let form = caselessForms.get(word);
  if (form === undefined) {
    form = word.flags.includes('i') ? word : new RegExp(word.source, `${word.flags}i`);
    caselessForms.set(word, form);
  }
  return form;
}

/** A confidence moved up or down by context, kept within 0–1. */
export function withContext(base: number, context: boolean, boost = 0.15): number {
  return Math.min(1, Math.max(0, context ? base + boost : base));
}
