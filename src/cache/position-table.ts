// An open-addressing hash table with linear probing, held in two typed arrays — a 32-bit hash of
// each key and a position (any non-negative integer below 2^53) — so that entries cost the garbage
// collector nothing. The owner keeps the keys and compares them itself: the table only says where
// to look. Used by the exact cache's slab ring (record positions) and the semantic index (entry
// locations). At most half full: it doubles when it would pass that, and a removal shifts the
// entries after it back (no tombstones), so probes stay short.

/** FNV-1a over a key's UTF-16 code units: the hash both owners store in the table. */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

/** Both owners pack two numbers in a position: a group (slab, partition) and an index below 2^32. */
export const positionStride = 2 ** 32;

export function positionOf(group: number, index: number): number {
  return group * positionStride + index;
}

export function positionGroup(position: number): number {
  return Math.floor(position / positionStride);
}

export function positionIndex(position: number): number {
  return position % positionStride;
}

const empty = -1;
const initialSlots = 1024;

export class PositionTable {
  #hashes = new Uint32Array(initialSlots);
  #positions = new Float64Array(initialSlots).fill(empty);
  #mask = initialSlots - 1;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The slot where probing for `hash` starts. */
  home(hash: number): number {
    return hash & this.#mask;
  }

  /** The slot probed after `slot`. */
  next(slot: number): number {
    return (slot + 1) & this.#mask;
  }

  /** The position in `slot`; negative when the slot is empty (the probe ends there). */
  positionAt(slot: number): number {
    return this.#positions[slot]!;
  }

  hashAt(slot: number): number {
    return this.#hashes[slot]!;
  }

  /** The slot holding `position` (whose key hashes to `hash`), or -1. */
  slotOf(hash: number, position: number): number {
    for (let slot = this.home(hash); ; slot = this.next(slot)) {
      const held = this.#positions[slot]!;
      if (held === position) return slot;
      if (held < 0) return -1;
    }
  }

  /** Adds an entry; the caller has removed any other entry of the same key. */
  insert(hash: number, position: number): void {
    if ((this.#size + 1) * 2 > this.#positions.length) this.#grow();
    this.#place(hash, position);
    this.#size += 1;
  }

  /** Empties `slot`, moving back the entries of the probe run after it that may fill it. */
  removeAt(slot: number): void {
    let hole = slot;
    for (let next = this.next(hole); this.#positions[next]! >= 0; next = this.next(next)) {
      const home = this.home(this.#hashes[next]!);
      // The entry at `next` may move into the hole when the hole lies on its probe path.
      if (((next - home) & this.#mask) >= ((next - hole) & this.#mask)) {
        this.#hashes[hole] = this.#hashes[next]!;
        this.#positions[hole] = this.#positions[next]!;
        hole = next;
      }
    }
    this.#positions[hole] = empty;
    this.#size -= 1;
  }

  /** Bytes of the two arrays. */
  get bytes(): number {
    return this.#hashes.byteLength + this.#positions.byteLength;
  }

  clear(): void {
    this.#hashes = new Uint32Array(initialSlots);
    this.#positions = new Float64Array(initialSlots).fill(empty);
    this.#mask = initialSlots - 1;
    this.#size = 0;
  }

  #place(hash: number, position: number): void {
    let slot = this.home(hash);
    while (this.#positions[slot]! >= 0) slot = this.next(slot);
    this.#hashes[slot] = hash;
    this.#positions[slot] = position;
  }

  #grow(): void {
    const hashes = this.#hashes;
    const positions = this.#positions;
    this.#hashes = new Uint32Array(hashes.length * 2);
    this.#positions = new Float64Array(positions.length * 2).fill(empty);
    this.#mask = positions.length * 2 - 1;
    for (let slot = 0; slot < positions.length; slot++) {
      if (positions[slot]! >= 0) this.#place(hashes[slot]!, positions[slot]!);
    }
  }
}
