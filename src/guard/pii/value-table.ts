// Distinct values by their characters, each kept as offsets into the text it was read from: a
// reversible redaction of a megabyte with 60,000 distinct values makes no string and no Map entry
// per value (V8's Map spent about half a microsecond on each new string key). Knows nothing of PII.
// The values come from prompts, so from anyone: the hash is seeded per process, and a probe that
// runs long (values made to collide) turns the table into a Map, whose hashing V8 seeds itself.

import { randomInt } from 'node:crypto';

/** Slots stay at most half full, so a probe ends after a slot or two. */
const firstCapacity = 64;
/** Slots a probe may pass before the table gives up on its own hashing (ordinary use: one or two). */
const longestProbe = 64;
/** This process's hash seed: collisions cannot be worked out ahead of time. */
const processSeed = randomInt(2 ** 32 - 1);

export type ValueHash = (text: string, start: number, end: number) => number;

export interface ValueTableOptions {
  /** Tests: another hash (one that makes every value collide, say). */
  hash?: ValueHash;
}

export class ValueTable {
  /** Each entry's text (an index into #texts), start and end, and hash, by entry number. */
  #textOf = new Int32Array(firstCapacity);
  #startOf = new Int32Array(firstCapacity);
  #endOf = new Int32Array(firstCapacity);
  #hashOf = new Int32Array(firstCapacity);
  /** Open addressing: entry number + 1 per slot, 0 for an empty one. */
  #slots = new Int32Array(firstCapacity * 2);
  readonly #texts: string[] = [];
  /**
   * The values met more than once, by their string. Where most lookups find a value met before
   * (a few names on every line), V8's own hashing of a substring is cheaper than hashing by hand.
   */
  readonly #repeated = new Map<string, number>();
  #lookups = 0;
  #repeats = 0;
  #size = 0;
  readonly #hash: ValueHash;
  /** Every value by its string, once a probe ran past longestProbe: the slots are no longer used. */
  #flooded: Map<string, number> | undefined;

  constructor(options: ValueTableOptions = {}) {
    this.#hash = options.hash ?? seededHash;
  }

  /** Whether values collided so often that the table keeps them in a Map instead. */
  get flooded(): boolean {
    return this.#flooded !== undefined;
  }

  /** How many distinct values it holds; entries are numbered 0 to size - 1 in the order added. */
  get size(): number {
    return this.#size;
  }

  /**
   * The entry of `text.slice(start, end)`: the one already held with these characters, or else a
   * new one (number `size` before), or -1 when `add` is false.
   */
  entryOf(text: string, start: number, end: number, add = true): number {
    if (this.#flooded !== undefined) return this.#entryByString(this.#flooded, text, start, end, add);
    this.#lookups += 1;
    if (this.#repeats * 2 > this.#lookups) {
      const known = this.#repeated.get(text.slice(start, end));
      if (known !== undefined) {
        this.#repeats += 1;
        return known;
      }
    }
    const hash = this.#hash(text, start, end);
    const mask = this.#slots.length - 1;
    for (let slot = hash & mask, steps = 0; ; slot = (slot + 1) & mask, steps++) {
      if (steps === longestProbe) return this.#entryByString(this.#flood(), text, start, end, add);
      const held = this.#slots[slot]! - 1;
      if (held < 0) return add ? this.#add(slot, hash, text, start, end) : -1;
      if (this.#hashOf[held] === hash && this.#same(held, text, start, end)) {
        this.#repeats += 1;
        this.#repeated.set(this.value(held), held);
        return held;
      }
    }
  }

  /** Every value held, into a Map by its string: from now on lookups go there. */
  #flood(): Map<string, number> {
    const byValue = new Map<string, number>();
    for (let entry = 0; entry < this.#size; entry++) byValue.set(this.value(entry), entry);
    this.#flooded = byValue;
    this.#repeated.clear();
    return byValue;
  }

  #entryByString(
    byValue: Map<string, number>,
    text: string,
    start: number,
    end: number,
    add: boolean,
  ): number {
    const value = text.slice(start, end);
    const known = byValue.get(value);
    if (known !== undefined || !add) return known ?? -1;
    const entry = this.#store(0, text, start, end);
    byValue.set(value, entry);
    return entry;
  }

  /** The value of an entry, as a string. */
  value(entry: number): string {
    return this.#texts[this.#textOf[entry]!]!.slice(this.#startOf[entry], this.#endOf[entry]);
  }

  #same(entry: number, text: string, start: number, end: number): boolean {
    const heldStart = this.#startOf[entry]!;
    if (this.#endOf[entry]! - heldStart !== end - start) return false;
    const held = this.#texts[this.#textOf[entry]!]!;
    if (held === text && heldStart === start) return true;
    for (let index = 0; index < end - start; index++) {
      if (held.charCodeAt(heldStart + index) !== text.charCodeAt(start + index)) return false;
    }
    return true;
  }

  #add(slot: number, hash: number, text: string, start: number, end: number): number {
    const entry = this.#store(hash, text, start, end);
    this.#slots[slot] = entry + 1;
    if (this.#size * 2 > this.#slots.length) this.#rehash();
    return entry;
  }

  /** A new entry's offsets and hash (slots aside). */
  #store(hash: number, text: string, start: number, end: number): number {
    const entry = this.#size++;
    if (entry === this.#textOf.length) this.#grow();
    // A redaction adds many values from one text in a row: the text is kept once for all of them.
    if (this.#texts.at(-1) !== text) this.#texts.push(text);
    this.#textOf[entry] = this.#texts.length - 1;
    this.#startOf[entry] = start;
    this.#endOf[entry] = end;
    this.#hashOf[entry] = hash;
    return entry;
  }

  #grow(): void {
    const capacity = this.#textOf.length * 2;
    const grown = (from: Int32Array): Int32Array<ArrayBuffer> => {
      const to = new Int32Array(capacity);
      to.set(from);
      return to;
    };
    this.#textOf = grown(this.#textOf);
    this.#startOf = grown(this.#startOf);
    this.#endOf = grown(this.#endOf);
    this.#hashOf = grown(this.#hashOf);
  }

  #rehash(): void {
    const slots = new Int32Array(this.#slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.#size; entry++) {
      let slot = this.#hashOf[entry]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.#slots = slots;
  }
}

/**
 * FNV-1a over UTF-16 code units from this process's seed, mixed at the end so the low bits (the
 * slot) depend on every unit.
 */
function seededHash(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5 ^ processSeed;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  return hash ^ (hash >>> 12);
}
