// Where the word-led rules of the injection rule pack (rule-pack.ts, `leads`) can match: one pass
// over the text finds each word (a run of [A-Za-z0-9_], as the patterns' `\b` sees words), and
// only where a word begins as one of a rule's first words could is that rule tried, anchored
// there (a sticky copy of its pattern). Scanning the whole text once per rule cost about 5 ms a
// rule per megabyte of benign prose on the development machine (nothing matches, so every scan
// runs to the end); this pass finds the same matches in one walk.
//
// A word is looked up by its first three characters, lower-cased (word-keys.ts: a table of 38³
// rule masks: letters, digits, underscore, and "none" for shorter words). A rule's first word registers the
// first three letters of its literal start: a word that begins so is a candidate, a superset of
// where the pattern can start. The anchored pattern decides.
//
// Where a rule's first words are everywhere ("you", "no" in a megabyte of them), one call per
// word costs more than the engine's own scan: past `length / 100` candidates (at least 16) the
// rule is scanned instead, from its first candidate not yet tried — every earlier one was.
//
// Chained rules (parts joined by bounded gaps) are followed part by part as the walk passes
// their words instead (rule-chains.ts).

import type { InjectionRule } from './rule-pack.js';
import { RuleChains } from './rule-chains.js';
import { registerLead, symbolCount, symbolOf, wordKey } from './word-keys.js';

/** The ASCII codes of '.', '!', '?' and a line feed: the gaps of a chained rule stop at them. */
function endsSentence(code: number): boolean {
  return code === 0x2e || code === 0x21 || code === 0x3f || code === 0x0a;
}

export class RuleTriggers {
  /** The rules (their index in `rules`, as a bit) that a word of each first-three key may start. */
  readonly #masks = new Uint32Array(symbolCount ** 3);
  /** Each unchained rule's pattern, by its index: anchored (sticky), and to scan from a position. */
  readonly #anchored: RegExp[] = [];
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
  readonly #chains = new RuleChains();

  /** `rules`: those with leads, at most 32 (their order gives the bits). */
  constructor(rules: readonly InjectionRule[]) {
    if (rules.length > 32) throw new RangeError(`at most 32 word-led rules, not ${rules.length}`);
    rules.forEach((rule, index) => {
      if (rule.leads === undefined || rule.leads.length === 0)
        throw new RangeError(`${rule.id} has no leads`);
      if (rule.chain !== undefined) {
        this.#chains.add(rule, 1 << index);
        return;
      }
      // By the rule's index: a chained rule's place stays empty (its parts are tried instead).
      this.#anchored[index] = new RegExp(rule.pattern.source, `${rule.pattern.flags}y`);
      this.#scanning[index] = new RegExp(rule.pattern.source, `${rule.pattern.flags}g`);
      for (const lead of rule.leads) registerLead(this.#masks, lead, rule.id, 1 << index);
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
    this.#chains.reset(this.#limit);
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
    const masks = this.#masks;
    const chains = this.#chains;
    const chainMasks = chains.masks;
    for (let index = 0; index <= length; index++) {
      const code = index < length ? text.charCodeAt(index) : -1;
      const symbol = symbolOf(code);
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
          const key = wordKey(first, second, symbol);
          if ((masks[key]! | (chainMasks[key]! & chains.open)) === 0) continue;
          matched |= this.#try(text, start, key, wanted & ~matched);
          if ((wanted & ~matched & ~this.#scanned) === 0) return matched;
        }
        continue;
      }
      // A word of one or two characters ends here.
      if (start >= 0 && symbols < 3) {
        const key = wordKey(first, symbols === 2 ? second : 0, 0);
        if ((masks[key]! | (chainMasks[key]! & chains.open)) !== 0) {
          matched |= this.#try(text, start, key, wanted & ~matched);
          if ((wanted & ~matched & ~this.#scanned) === 0) return matched;
        }
      }
      if (endsSentence(code)) chains.stop = index;
      start = -1;
    }
    return matched;
  }

  /**
   * Tries the rules of `candidates` a word starting at `start` with this key may begin; a rule
   * past its limit of candidates is left to be scanned from here (`#scanned`).
   */
  #try(text: string, start: number, key: number, candidates: number): number {
    let matched = this.#chains.follow(text, start, key, candidates);
    let pending = this.#masks[key]! & candidates & ~this.#scanned & ~matched;
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
}
