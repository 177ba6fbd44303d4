// Turns text into the hashed features of the injection classifier: character 3-, 4- and
// 5-grams and word 1- and 2-grams of the lowercased text, whitespace collapsed, each hashed
// (32-bit, murmur finaliser) to one of 2^bits buckets with a ±1 sign from another hash bit, so
// collisions cancel on average instead of piling up. Each bucket counts once per text (binary
// features), so a run of one repeated character cannot outweigh everything else. Shared by
// training and inference: change anything here and the shipped weights must be retrained.
// One pass, no allocation per n-gram.

export interface HashedFeatures {
  /** `bucket << 1 | signBit` per distinct bucket; only the first `count` entries are used. */
  codes: Int32Array;
  count: number;
}

const charSeed = 0x9747b28c;
const wordSeed = 0x5bd1e995;
const bigramSeed = 0x1b873593;

function finalize(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** Lowercase ASCII letters; every run of whitespace becomes one space; other characters kept. */
function foldedCodes(text: string): Uint16Array {
  const folded = new Uint16Array(text.length + 2);
  let length = 0;
  folded[length++] = 0x20;
  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index);
    if (code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d || code === 0x0c) {
      if (folded[length - 1] === 0x20) continue;
      code = 0x20;
    } else if (code >= 0x41 && code <= 0x5a) {
      code |= 0x20;
    }
    folded[length++] = code;
  }
  if (folded[length - 1] !== 0x20) folded[length++] = 0x20;
  return folded.subarray(0, length);
}

/** Per bucket, the call that last saw it: a reused table instead of a Set per text. */
const seenTables = new Map<number, { seen: Uint32Array; call: number }>();

function seenTable(bits: number): { seen: Uint32Array; call: number } {
  let table = seenTables.get(bits);
  if (!table) {
    table = { seen: new Uint32Array(2 ** bits), call: 0 };
    seenTables.set(bits, table);
  }
  table.call += 1;
  if (table.call === 0xffffffff) {
    table.seen.fill(0);
    table.call = 1;
  }
  return table;
}

function isWordCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code >= 0xc0;
}

export function hashFeatures(text: string, bits: number): HashedFeatures {
  const folded = foldedCodes(text);
  const length = folded.length;
  const codes = new Int32Array(length * 5 + 2);
  const shift = 32 - bits;
  const { seen, call } = seenTable(bits);
  let count = 0;
  // The murmur finaliser is written out twice below (not called) because this loop is the
  // classifier's whole cost: about 4 hashes per character.
  for (let start = 0; start + 3 <= length; start++) {
    let hash = charSeed;
    for (let offset = 0; offset < 5 && start + offset < length; offset++) {
      hash = Math.imul(hash ^ folded[start + offset]!, 0x01000193);
      if (offset < 2) continue;
      let mixed = hash ^ offset;
      mixed ^= mixed >>> 16;
      mixed = Math.imul(mixed, 0x85ebca6b);
      mixed ^= mixed >>> 13;
      mixed = Math.imul(mixed, 0xc2b2ae35);
      mixed = (mixed ^ (mixed >>> 16)) >>> 0;
      const bucket = mixed >>> shift;
      if (seen[bucket] === call) continue;
      seen[bucket] = call;
      codes[count++] = (bucket << 1) | (mixed & 1);
    }
  }
  let previousWord = 0;
  let word = wordSeed;
  let inWord = false;
  for (let index = 0; index < length; index++) {
    const code = folded[index]!;
    if (isWordCode(code)) {
      word = Math.imul(word ^ code, 0x01000193);
      inWord = true;
      continue;
    }
    if (!inWord) continue;
    // The word, then the bigram with the word before it (no array per word: this runs per word).
    for (let part = 0; part < (previousWord === 0 ? 1 : 2); part++) {
      const mixed = finalize(part === 0 ? word : Math.imul(previousWord, 31) ^ word ^ bigramSeed);
      const bucket = mixed >>> shift;
      if (seen[bucket] === call) continue;
      seen[bucket] = call;
      codes[count++] = (bucket << 1) | (mixed & 1);
    }
    previousWord = word;
    word = wordSeed;
    inWord = false;
  }
  return { codes, count };
}
