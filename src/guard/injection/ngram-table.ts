// A compact n-gram language model table for the gibberish score: one byte per slot of a hashed
// array, four bits of the key's hash as a fingerprint (so an unseen n-gram rarely borrows a seen
// one's value) and four bits of quantised negative log-likelihood. Lookups back off to shorter
// n-grams with a fixed penalty ("stupid backoff"): a score, not a normalised probability, which
// is all a perplexity filter needs. Built offline by scripts/train-gibberish-model.ts.

/** Levels 1–15 hold a negative log-likelihood of (level − 1) × step; 0 marks an empty slot. */
export const nllLevels = 15;

function mix(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return (hash ^ (hash >>> 16)) >>> 0;
}

/**
 * Hash of the characters text[start, end) in one namespace (character n-grams and shape n-grams
 * share the table): FNV-1a read from the last character back, finished with a murmur mix so the
 * low bits (the slot) are spread. Read backwards so that hashSuffixes() gets the n-grams of every
 * length ending at one place in a single pass.
 */
export function hashText(text: string, start: number, end: number, namespace: number): number {
  let hash = 0x811c9dc5 ^ namespace;
  for (let index = end - 1; index >= start; index--) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return mix(hash);
}

/** Hash of a run of already hashed units (words' shapes), in one namespace, read backwards too. */
export function hashUnits(units: ArrayLike<number>, start: number, end: number, namespace: number): number {
  let hash = 0x811c9dc5 ^ namespace;
  for (let index = end - 1; index >= start; index--) {
    hash ^= units[index]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return mix(hash);
}

export function fingerprintOf(hash: number): number {
  return hash >>> 28;
}

export interface NgramTableOptions {
  /** Nats per quantisation level. */
  step: number;
  /** Nats added for each order backed off. */
  backoff: number;
}

export class NgramTable {
  private readonly slots: Uint8Array;
  private readonly mask: number;
  private readonly step: number;
  private readonly backoff: number;
  /** Unmixed hashes of the n-grams being looked up, by length − 1 (no allocation per lookup). */
  private readonly partial = new Int32Array(8);
  /** What an n-gram unseen at every order costs. */
  readonly unseen: number;

  constructor(slots: Uint8Array, options: NgramTableOptions) {
    if (slots.length < 256 || (slots.length & (slots.length - 1)) !== 0) {
      throw new RangeError(`an n-gram table needs a power of two of at least 256 slots, not ${slots.length}`);
    }
    this.slots = slots;
    this.mask = slots.length - 1;
    this.step = options.step;
    this.backoff = options.backoff;
    this.unseen = (nllLevels - 1) * options.step;
  }

  /** The stored negative log-likelihood of an n-gram given its hash, or undefined when absent. */
  lookup(hash: number): number | undefined {
    const slot = this.slots[hash & this.mask]!;
    if (slot === 0 || slot >>> 4 !== fingerprintOf(hash)) return undefined;
    return ((slot & 0x0f) - 1) * this.step;
  }

  /**
   * Negative log-likelihood of units[last] (a character code, or a word's shape hash) under the
   * longest stored n-gram ending with it (at most `longest` units), plus the backoff penalty for
   * each order tried before. The unmixed hashes of every length come from one backward pass, equal
   * to hashText() / hashUnits() before their final mix; only those looked up are mixed.
   */
  surprisal(units: ArrayLike<number>, last: number, longest: number, namespace: number): number {
    const partial = this.partial;
    let hash = 0x811c9dc5 ^ namespace;
    for (let length = 1; length <= longest; length++) {
      hash ^= units[last - length + 1]!;
      hash = Math.imul(hash, 0x01000193);
      partial[length - 1] = hash;
    }
    return this.backOff(longest);
  }

  private backOff(longest: number): number {
    let penalty = 0;
    for (let length = longest; length >= 1; length--) {
      const found = this.lookup(mix(this.partial[length - 1]!));
      if (found !== undefined) return penalty + found;
      penalty += this.backoff;
    }
    return penalty + this.unseen;
  }
}

/** Level for a negative log-likelihood, for the table builder. */
export function toLevel(nll: number, step: number): number {
  return Math.max(1, Math.min(nllLevels, Math.round(nll / step) + 1));
}
