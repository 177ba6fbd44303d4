// Where the word-led rules of the injection rule pack (rule-pack.ts, `leads`) can match: one pass
// over the text finds each word (a run of [A-Za-z0-9_], as the patterns' `\b` sees words), and
// only where a word begins as one of a rule's first words could is that rule tried, anchored
// there (a sticky copy of its pattern). Scanning the whole text once per rule cost about 5 ms a
// rule per megabyte of benign prose on the development machine (nothing matches, so every scan
// runs to the end); this pass finds the same matches in one walk.
//
// A word is looked up by its first three characters, lower-cased (a table of 38³ rule masks:
// letters, digits, underscore, and "none" for shorter words). A rule's first word registers the
// first three letters of its literal start: a word that begins so is a candidate, a superset of
// where the pattern can start. The anchored pattern decides.
//
// Where a rule's first words are everywhere ("you", "no" in a megabyte of them), one call per
// word costs more than the engine's own scan: past `length / 100` candidates (at least 16) the
// rule is scanned instead, from its first candidate not yet tried — every earlier one was.

import type { InjectionRule } from './rule-pack.js';

/** 0: no character (a shorter word); 1–26 letters; 27–36 digits; 37 underscore. */
const symbolCount = 38;

/** The symbol of a word character's code, or -1 for a character outside words. */
function symbolOf(code: number): number {
  if (code >= 0x61 && code <= 0x7a) return code - 0x60;
  if (code >= 0x41 && code <= 0x5a) return code - 0x40;
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 27;
  return code === 0x5f ? 37 : -1;
}

function key(first: number, second: number, third: number): number {
  return (first * symbolCount + second) * symbolCount + third;
}

export class RuleTriggers {
  /** The rules (their index in `rules`, as a bit) that a word of each first-three key may start. */
  readonly #masks = new Uint32Array(symbolCount ** 3);
  readonly #anchored: RegExp[] = [];
  /** Each rule's pattern to scan from a position (global: lastIndex is where the scan starts). */
  readonly #scanning: RegExp[] = [];
  /**
   * Candidates tried per rule in the current call, and where each rule's scan would start: state
   * of one call, kept here so a call allocates nothing (matching is synchronous, so one instance
   * serves every caller).
   */
  readonly #tried = new Int32Array(32);
  readonly #scanFrom = new Int32Array(32);
  #limit = 0;
  #scanned = 0;

  /** `rules`: those with leads, at most 32 (their order gives the bits). */
  constructor(rules: readonly InjectionRule[]) {
    if (rules.length > 32) throw new RangeError(`at most 32 word-led rules, not ${rules.length}`);
    rules.forEach((rule, index) => {
      if (rule.leads === undefined || rule.leads.length === 0)
        throw new RangeError(`${rule.id} has no leads`);
      this.#anchored.push(new RegExp(rule.pattern.source, `${rule.pattern.flags}y`));
      this.#scanning.push(new RegExp(rule.pattern.source, `${rule.pattern.flags}g`));
      for (const lead of rule.leads) this.#register(lead, rule.id, 1 << index);
    });
  }

  /**
   * The rules among `wanted` (a mask of their bits) that match somewhere in `text`, as a mask:
   * the same answer as testing each one's pattern on the whole text.
   */
  matching(text: string, wanted: number): number {
    this.#tried.fill(0);
    this.#limit = Math.max(16, Math.floor(text.length / 100));
    this.#scanned = 0;
    const matched = this.#walk(text, wanted);
    // The rules with too many candidates: scanned from the first one not tried.
    let pending = this.#scanned & wanted & ~matched;
    let found = matched;
    while (pending !== 0) {
      const bit = pending & -pending;
      pending ^= bit;
      const scanning = this.#scanning[31 - Math.clz32(bit)]!;
      scanning.lastIndex = this.#scanFrom[31 - Math.clz32(bit)]!;
      if (scanning.test(text)) found |= bit;
    }
    return found;
  }

  /** The rules found by anchored tries; stops once every wanted rule is found or left to a scan. */
  #walk(text: string, wanted: number): number {
    let matched = 0;
    let symbols = 0;
    let first = 0;
    let second = 0;
    let start = -1;
    const length = text.length;
    for (let index = 0; index <= length; index++) {
      const symbol = index < length ? symbolOf(text.charCodeAt(index)) : -1;
      if (symbol >= 0) {
        if (start < 0) {
          start = index;
          symbols = 1;
          first = symbol;
          continue;
        }
        if (symbols === 1) {
          second = symbol;
          symbols = 2;
          continue;
        }
        if (symbols === 2) {
          symbols = 3;
          matched |= this.#try(text, start, key(first, second, symbol), wanted & ~matched);
          if ((wanted & ~matched & ~this.#scanned) === 0) return matched;
        }
        continue;
      }
      // A word of one or two characters ends here.
      if (start >= 0 && symbols < 3) {
        matched |= this.#try(text, start, key(first, symbols === 2 ? second : 0, 0), wanted & ~matched);
        if ((wanted & ~matched & ~this.#scanned) === 0) return matched;
      }
      start = -1;
    }
    return matched;
  }

  /**
   * Tries the rules of `candidates` a word starting at `start` with this key may begin; a rule
   * past its limit of candidates is left to be scanned from here (`#scanned`).
   */
  #try(text: string, start: number, wordKey: number, candidates: number): number {
    let pending = this.#masks[wordKey]! & candidates & ~this.#scanned;
    let matched = 0;
    while (pending !== 0) {
      const bit = pending & -pending;
      pending ^= bit;
      const rule = 31 - Math.clz32(bit);
      if (++this.#tried[rule]! > this.#limit) {
        this.#scanned |= bit;
        this.#scanFrom[rule] = start;
        continue;
      }
      const anchored = this.#anchored[rule]!;
      anchored.lastIndex = start;
      if (anchored.test(text)) matched |= bit;
    }
    return matched;
  }

  /** Marks every key a word may have when it starts with the lead's literal letters. */
  #register(lead: string, id: string, bit: number): void {
    const letters = /^[a-z]+/i.exec(lead)?.[0].toLowerCase();
    if (letters === undefined) throw new RangeError(`${id}: a lead must start with a letter: ${lead}`);
    const known = Array.from(letters.slice(0, 3), (letter) => symbolOf(letter.charCodeAt(0)));
    const choices = (position: number): number[] =>
      position < known.length
        ? [known[position]!]
        : Array.from({ length: symbolCount }, (_, symbol) => symbol);
    for (const first of choices(0)) {
      for (const second of choices(1)) {
        for (const third of choices(2)) this.#masks[key(first, second, third)]! |= bit;
      }
    }
  }
}
