// The chained rules of the injection rule pack (parts joined by bounded gaps, `chain` in
// rule-pack.ts), followed word by word as the trigger walk (rule-triggers.ts) passes each word.
// Each part is tried, anchored, only at a word that may begin it (its leads' first three
// letters), and only where the part before it ended at most its gap earlier with no sentence end
// between; the latest such end is the one to check (it leaves the shortest gap). So no gap is
// explored character by character. Trying the whole pattern at every first word did that: up to
// the gap's length in tries of the next part per first word, and a megabyte dense with first words
// ("repeat print output ...") took 44 ms for the rules alone on the development machine.
//
// Busy parts are bounded too. Past the call's limit of anchored tries (the walk's: one per 100
// characters, at least 16), a part first checks that every later part of its rule occurs at all
// from there (if one does not, the parts before it can lead nowhere and are not tried again);
// then a part that mostly failed searches instead of trying (one search reads what many tries
// would, and its next match is kept), and one that mostly matched goes on trying.
//
// This needs each part but the last to end in one place where it matches at a given word (the
// rule pack's parts end at a word boundary after one of their words); the tests check the answers
// against each rule's whole pattern.

import type { InjectionRule } from './rule-pack.js';
import { registerLead, symbolCount } from './word-keys.js';

/** A part of a chained rule as the walk follows it. */
interface ChainStep {
  /** The rule's bit (its index among the walk's rules). */
  rule: number;
  sticky: RegExp;
  /** The part's pattern for a search from a position (global). */
  searching: RegExp;
  /** Characters allowed between the previous part's end and this part (-1: the first part). */
  gap: number;
  last: boolean;
}

export class RuleChains {
  /** The steps (parts, as bits in the order added) a word of each key may begin. */
  readonly masks = new Uint32Array(symbolCount ** 3);
  /**
   * The steps worth trying now: first parts, and parts whose previous part ended recently enough;
   * less the steps that can lead nowhere any more. The walk reads it to skip words.
   */
  open = 0;
  /** Where the latest sentence end before the word being tried is (-1: none); the walk sets it. */
  stop = -1;
  readonly #steps: ChainStep[] = [];
  #firstSteps = 0;
  #limit = 0;
  /** Per step: the latest end of a match of the chain up to it, at or before the walk (-1: none). */
  readonly #reached = new Int32Array(32);
  /** Per step: such ends still ahead of the walk (a part of several words passes later words). */
  readonly #ahead: number[][] = [];
  /** Anchored tries per step in the current call, and how many matched. */
  readonly #tries = new Int32Array(32);
  readonly #hits = new Int32Array(32);
  /** The steps past their limit that go on trying (they mostly matched). */
  #trying = 0;
  /** The steps past their limit that search: each keeps where its next match starts and ends. */
  #searching = 0;
  readonly #nextStart = new Int32Array(32);
  readonly #nextEnd = new Int32Array(32);
  /** The steps that can lead to no match any more. */
  #finished = 0;

  /** Adds a chained rule's parts; `bit` is the rule's bit in the walk's masks. */
  add(rule: InjectionRule, bit: number): void {
    if (rule.chain === undefined) throw new RangeError(`${rule.id} is not a chained rule`);
    const { parts, gaps } = rule.chain;
    parts.forEach((part, position) => {
      if (this.#steps.length === 32) throw new RangeError('at most 32 parts of chained rules');
      const step = 1 << this.#steps.length;
      if (position === 0) this.#firstSteps |= step;
      this.#steps.push({
        rule: bit,
        sticky: new RegExp(part.source, `${rule.pattern.flags}y`),
        searching: new RegExp(part.source, `${rule.pattern.flags}g`),
        gap: position === 0 ? -1 : gaps[position - 1]!,
        last: position === parts.length - 1,
      });
      this.#ahead.push([]);
      for (const lead of part.leads) registerLead(this.masks, lead, rule.id, step);
    });
  }

  /** Forgets the previous call's state; `limit`: anchored tries per step before it is busy. */
  reset(limit: number): void {
    this.#limit = limit;
    this.open = this.#firstSteps;
    this.stop = -1;
    this.#reached.fill(-1);
    for (const ahead of this.#ahead) ahead.length = 0;
    this.#tries.fill(0);
    this.#hits.fill(0);
    this.#trying = 0;
    this.#searching = 0;
    this.#finished = 0;
  }

  /**
   * Tries the parts of chained rules among `candidates` (rule bits) that a word starting at
   * `start` with key `key` may begin; returns the rules whose last part matched there.
   */
  follow(text: string, start: number, key: number, candidates: number): number {
    let pending = this.masks[key]! & this.open;
    let matched = 0;
    while (pending !== 0) {
      const bit = pending & -pending;
      pending ^= bit;
      const index = 31 - Math.clz32(bit);
      const step = this.#steps[index]!;
      if ((step.rule & candidates & ~matched) === 0) continue;
      // A searching step knows where its next match is: not here when that is further on.
      if ((this.#searching & bit) !== 0 && this.#nextStart[index]! > start) continue;
      if (step.gap >= 0) {
        const end = this.#latestEnd(index - 1, start);
        const tooFar = end < 0 || start - end > step.gap;
        if (tooFar || this.stop >= end) {
          // Nothing the previous part has ended with can reach a later word either.
          if (tooFar && this.#ahead[index - 1]!.length === 0) this.open &= ~bit;
          continue;
        }
      }
      const end = this.#matchAt(text, start, index, bit);
      if (end < 0) continue;
      if (step.last) {
        matched |= step.rule;
      } else {
        // Ends passed already are folded into `#reached` first, so `#ahead` stays short.
        this.#latestEnd(index, start);
        this.#ahead[index]!.push(end);
        if ((this.#finished & (bit << 1)) === 0) this.open |= bit << 1;
      }
    }
    return matched;
  }

  /**
   * Where the step's part ends when it matches at `start`, or -1. Anchored tries up to the limit;
   * then, busy, it checks the rest of its rule and either goes on trying or searches from here,
   * keeping its next match (a search finds the first position an anchored try would).
   */
  #matchAt(text: string, start: number, index: number, bit: number): number {
    const step = this.#steps[index]!;
    if ((this.#searching & bit) === 0) {
      if ((this.#trying & bit) !== 0 || ++this.#tries[index]! <= this.#limit) {
        step.sticky.lastIndex = start;
        if (!step.sticky.test(text)) return -1;
        this.#hits[index]!++;
        return step.sticky.lastIndex;
      }
      this.#lookAhead(text, start, index);
      if ((this.#finished & bit) !== 0) return -1;
      if (this.#hits[index]! * 2 > this.#limit) {
        this.#trying |= bit;
        return this.#matchAt(text, start, index, bit);
      }
      this.#searching |= bit;
      this.#nextStart[index] = -1;
    }
    if (this.#nextStart[index]! < start) {
      step.searching.lastIndex = start;
      const found = step.searching.exec(text);
      if (found === null) {
        this.#finish(index);
        return -1;
      }
      this.#nextStart[index] = found.index;
      this.#nextEnd[index] = step.searching.lastIndex;
    }
    return this.#nextStart[index] === start ? this.#nextEnd[index]! : -1;
  }

  /**
   * Whether each later part of the step's rule occurs at all from `start` (one search each, at
   * most once per step and call); the parts before the first that does not are finished.
   */
  #lookAhead(text: string, start: number, index: number): void {
    const rule = this.#steps[index]!.rule;
    for (let later = index + 1; this.#steps[later]?.rule === rule; later++) {
      const searching = this.#steps[later]!.searching;
      searching.lastIndex = start;
      if (!searching.test(text)) {
        this.#finish(later);
        return;
      }
    }
  }

  /** A step with no match left, and the steps of its rule before it: none leads to a match now. */
  #finish(index: number): void {
    const rule = this.#steps[index]!.rule;
    for (let step = index; this.#steps[step]?.rule === rule; step--) this.#finished |= 1 << step;
    this.open &= ~this.#finished;
  }

  /** The latest end at or before `position` of a match of the chain up to `step` (-1: none). */
  #latestEnd(step: number, position: number): number {
    const ahead = this.#ahead[step]!;
    let reached = this.#reached[step]!;
    if (ahead.length > 0) {
      let kept = 0;
      for (const end of ahead) {
        if (end <= position) reached = Math.max(reached, end);
        else ahead[kept++] = end;
      }
      ahead.length = kept;
      this.#reached[step] = reached;
    }
    return reached;
  }
}
