// A ring of memory blocks (slabs) holding texts under keys, for the in-process exact cache
// (memory-answer-store.ts): `maxBytes` split into up to 16 slabs, each taken on first use and then
// reused for as long as the ring lives. Records are written one after another at the head slab;
// when it is full the head moves on to the next slab, which is the oldest, and every entry still
// in it is dropped. Reading an entry from the older half of the ring writes it again at the head,
// so what is asked for survives the turn of the ring.
//
// Nothing is allocated on the V8 heap per entry: a record carries its own key and expiry in the
// slab, and the index is an open-addressing hash table in typed arrays (../position-table.ts). A
// Map of key strings and location objects, as the first ring had, made every stored answer a
// survivor of the young generation; under a steady stream of new answers that grew the young
// generation and the old one by about 60 MB of resident memory for a 16 MB cache
// (docs/decisions/0010).
//
// A record: key length (1 byte), the key's hash (uint32), expiry (float64, epoch ms by the
// caller's clock), text length (uint32), the key (UTF-8, at most 255 bytes), the text (UTF-8).
// Keys are hashed and compared in JavaScript when they are ASCII (the cache's hex digests): a
// call into Buffer's native code costs more than the whole comparison of 64 characters.
//
// A ring may be told the keys it drops on its own (`onDrop`): those still indexed in a slab it
// empties, and one found expired when read. The semantic index listens, so it never keeps
// vectors for answers that are gone. Keys deleted by the caller are not reported.

import {
  positionGroup,
  positionIndex,
  positionOf,
  positionStride,
  PositionTable,
} from '../position-table.js';

const maxSlabs = 16;
/** Below this a slab is too small to be worth its own block: fewer, larger slabs (at least 2). */
const minimumSlabBytes = 64 * 1024;
const maxKeyBytes = 255;
/** Bytes of a record before its key: key length, hash, expiry, text length. */
export const recordHeaderBytes = 1 + 4 + 8 + 4;
const hashOffset = 1;
const expiryOffset = 5;
const lengthOffset = 13;
// A position (../position-table.ts): slab × 2³² + offset (a slab is under 4 GiB: maxBytes under
// 64 GiB).

export class SlabRing {
  readonly slabBytes: number;
  /** Told the keys the ring dropped on its own: evicted with their slab, or found expired. */
  onDrop: ((keys: string[]) => void) | undefined;
  /** Entries dropped, since the ring was made, because the block they were in was reused. */
  evicted = 0;
  /** Entries a read found past their expiry (and dropped). */
  expired = 0;
  readonly #slabs: Array<Buffer | undefined>;
  /** Bytes written into each slab since it was last emptied. */
  readonly #filled: number[];
  /** Bumped each time a slab is emptied, so a walk over live entries skips reused slabs. */
  readonly #generations: number[];
  readonly #index = new PositionTable();
  /** The key being looked up, as UTF-8 when it is not ASCII. */
  readonly #key = Buffer.alloc(maxKeyBytes);
  #keyText = '';
  #keyIsAscii = true;
  #keyHash = 0;
  #head = 0;
  #liveBytes = 0;

  constructor(maxBytes: number) {
    const count = Math.max(2, Math.min(maxSlabs, Math.floor(maxBytes / minimumSlabBytes)));
    this.slabBytes = Math.max(0, Math.min(positionStride - 1, Math.floor(maxBytes / count)));
    this.#slabs = Array.from({ length: count }, () => undefined);
    this.#filled = Array.from({ length: count }, () => 0);
    this.#generations = Array.from({ length: count }, () => 0);
  }

  /** Bytes the ring may hold: its blocks, full size. */
  get capacityBytes(): number {
    return this.slabBytes * this.#slabs.length;
  }

  /** Bytes of the texts of the entries the index holds (not counting keys and headers). */
  get liveBytes(): number {
    return this.#liveBytes;
  }

  /** How many entries the index holds (some may have expired, not yet read). */
  get size(): number {
    return this.#index.size;
  }

  /** Stores `text` under `key` until `expiresAt`; false when the record is larger than a slab. */
  write(key: string, text: string, expiresAt: number): boolean {
    const keyLength = this.#loadKey(key);
    if (keyLength < 0) return false;
    const textLength = Buffer.byteLength(text, 'utf8');
    const size = recordHeaderBytes + keyLength + textLength;
    if (size > this.slabBytes) return false;
    const hash = this.#keyHash;
    this.#dropSlot(this.#find(keyLength));
    if (this.#filled[this.#head]! + size > this.slabBytes) this.#advance();
    const slab = this.#slab(this.#head);
    const offset = this.#filled[this.#head]!;
    slab[offset] = keyLength;
    slab.writeUInt32LE(hash, offset + hashOffset);
    slab.writeDoubleLE(expiresAt, offset + expiryOffset);
    slab.writeUInt32LE(textLength, offset + lengthOffset);
    const keyStart = offset + recordHeaderBytes;
    if (this.#keyIsAscii) {
      for (let index = 0; index < keyLength; index++) slab[keyStart + index] = key.charCodeAt(index);
    } else {
      this.#key.copy(slab, keyStart, 0, keyLength);
    }
    slab.write(text, keyStart + keyLength, textLength, 'utf8');
    this.#filled[this.#head] = offset + size;
    this.#index.insert(hash, positionOf(this.#head, offset));
    this.#liveBytes += textLength;
    return true;
  }

  /** The text under `key` while it lives at `now`; moves it to the head from the older half. */
  read(key: string, now: number): string | undefined {
    const keyLength = this.#loadKey(key);
    if (keyLength < 0) return undefined;
    const slot = this.#find(keyLength);
    if (slot < 0) return undefined;
    const position = this.#index.positionAt(slot);
    const slabNumber = positionGroup(position);
    const slab = this.#slabs[slabNumber]!;
    const offset = positionIndex(position);
    const expiresAt = slab.readDoubleLE(offset + expiryOffset);
    if (expiresAt <= now) {
      this.#dropSlot(slot);
      this.expired += 1;
      this.onDrop?.([key]);
      return undefined;
    }
    const start = offset + recordHeaderBytes + keyLength;
    const text = slab.toString('utf8', start, start + slab.readUInt32LE(offset + lengthOffset));
    if (this.#age(slabNumber) >= this.#slabs.length / 2) this.write(key, text, expiresAt);
    return text;
  }

  delete(key: string): boolean {
    const keyLength = this.#loadKey(key);
    if (keyLength < 0) return false;
    const slot = this.#find(keyLength);
    if (slot < 0) return false;
    this.#dropSlot(slot);
    return true;
  }

  /**
   * [key, text, expiresAt] of every entry that lives at `now`, oldest slab first. Entries may be
   * deleted or written while the walk goes on; those written are not visited.
   */
  *live(now: number): Generator<[string, string, number]> {
    const count = this.#slabs.length;
    for (let step = 1; step <= count; step++) {
      const slabNumber = (this.#head + step) % count;
      const slab = this.#slabs[slabNumber];
      if (slab === undefined) continue;
      const generation = this.#generations[slabNumber]!;
      const end = this.#filled[slabNumber]!;
      let offset = 0;
      while (offset < end && this.#generations[slabNumber] === generation) {
        const keyLength = slab[offset]!;
        const hash = slab.readUInt32LE(offset + hashOffset);
        const expiresAt = slab.readDoubleLE(offset + expiryOffset);
        const position = positionOf(slabNumber, offset);
        const keyStart = offset + recordHeaderBytes;
        offset = keyStart + keyLength + slab.readUInt32LE(offset + lengthOffset);
        if (expiresAt <= now) continue;
        if (this.#index.slotOf(hash, position) < 0) continue;
        const key = slab.toString('utf8', keyStart, keyStart + keyLength);
        yield [key, slab.toString('utf8', keyStart + keyLength, offset), expiresAt];
      }
    }
  }

  clear(): void {
    this.#index.clear();
    this.#slabs.fill(undefined);
    this.#filled.fill(0);
    for (let slab = 0; slab < this.#generations.length; slab++) this.#generations[slab]! += 1;
    this.#liveBytes = 0;
    this.#head = 0;
  }

  /**
   * Makes `key` the one being looked up: its hash (FNV-1a over its UTF-16 code units, hashKey's)
   * and, unless it is ASCII, its UTF-8 bytes. Its length in bytes, or -1 when it is longer than 255.
   * The hash is folded into the ASCII scan rather than a call to hashKey: one pass instead of two,
   * 370–390 against 420–450 ns a read here (session 10).
   */
  #loadKey(key: string): number {
    if (key.length > maxKeyBytes) return -1;
    let hash = 0x811c9dc5;
    let ascii = true;
    for (let index = 0; index < key.length; index++) {
      const code = key.charCodeAt(index);
      if (code > 0x7f) ascii = false;
      hash = Math.imul(hash ^ code, 0x01000193);
    }
    this.#keyText = key;
    this.#keyHash = hash >>> 0;
    this.#keyIsAscii = ascii;
    if (ascii) return key.length;
    if (Buffer.byteLength(key, 'utf8') > maxKeyBytes) return -1;
    return this.#key.write(key, 0, 'utf8');
  }

  /** The index slot of the key being looked up, or -1. */
  #find(keyLength: number): number {
    const hash = this.#keyHash;
    for (let slot = this.#index.home(hash); ; slot = this.#index.next(slot)) {
      const position = this.#index.positionAt(slot);
      if (position < 0) return -1;
      if (this.#index.hashAt(slot) === hash && this.#holdsKey(position, keyLength)) return slot;
    }
  }

  #holdsKey(position: number, keyLength: number): boolean {
    const slab = this.#slabs[positionGroup(position)]!;
    const offset = positionIndex(position);
    if (slab[offset] !== keyLength) return false;
    const start = offset + recordHeaderBytes;
    if (!this.#keyIsAscii) return this.#key.compare(slab, start, start + keyLength, 0, keyLength) === 0;
    const key = this.#keyText;
    for (let index = 0; index < keyLength; index++) {
      if (slab[start + index] !== key.charCodeAt(index)) return false;
    }
    return true;
  }

  #dropSlot(slot: number): void {
    if (slot < 0) return;
    const position = this.#index.positionAt(slot);
    this.#liveBytes -= this.#slabs[positionGroup(position)]!.readUInt32LE(
      positionIndex(position) + lengthOffset,
    );
    this.#index.removeAt(slot);
  }

  /** Moves the head to the oldest slab and drops what it still holds. */
  #advance(): void {
    this.#head = (this.#head + 1) % this.#slabs.length;
    const slabNumber = this.#head;
    const slab = this.#slabs[slabNumber];
    const end = this.#filled[slabNumber]!;
    const dropped: string[] | undefined = this.onDrop === undefined ? undefined : [];
    let offset = 0;
    while (slab !== undefined && offset < end) {
      const hash = slab.readUInt32LE(offset + hashOffset);
      const slot = this.#index.slotOf(hash, positionOf(slabNumber, offset));
      const keyStart = offset + recordHeaderBytes;
      if (slot >= 0) {
        this.#dropSlot(slot);
        this.evicted += 1;
        dropped?.push(slab.toString('utf8', keyStart, keyStart + slab[offset]!));
      }
      offset = keyStart + slab[offset]! + slab.readUInt32LE(offset + lengthOffset);
    }
    this.#filled[slabNumber] = 0;
    this.#generations[slabNumber]! += 1;
    if (dropped !== undefined && dropped.length > 0) this.onDrop?.(dropped);
  }

  #slab(index: number): Buffer {
    let slab = this.#slabs[index];
    if (slab === undefined) {
      // Its own memory, not a slice of Node's shared pool; kept for the ring's life.
      slab = Buffer.allocUnsafeSlow(this.slabBytes);
      this.#slabs[index] = slab;
    }
    return slab;
  }

  /** How many slabs ago `slab` was the head (0: it is the head). */
  #age(slab: number): number {
    return (this.#head - slab + this.#slabs.length) % this.#slabs.length;
  }
}
