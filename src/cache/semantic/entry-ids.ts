// The ids of one partition's entries, by slot, kept off the V8 heap: the cache's ids are SHA-256
// digests in hex, held here as their 32 bytes, with a 32-bit hash of each for the index's table.
// Any other id (tests, tools) is kept as a string beside them. A 64-character string, a Map entry
// and a location object per entry cost some 300 bytes of heap at 100k entries, and a heap that
// size is also collected and grown in step with them.

const digestBytes = 32;
const digestPattern = /^[0-9a-f]{64}$/;
const hexPairs = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export class EntryIds {
  #digests: Uint8Array;
  #hashes: Uint32Array;
  /** Ids that are not digests, by slot; absent until one arrives. */
  #names: Map<number, string> | undefined;

  constructor(capacity: number) {
    this.#digests = new Uint8Array(capacity * digestBytes);
    this.#hashes = new Uint32Array(capacity);
  }

  /** Bytes held, the other ids' characters estimated. */
  get bytes(): number {
    let bytes = this.#digests.byteLength + this.#hashes.byteLength;
    for (const name of this.#names?.values() ?? []) bytes += 64 + name.length * 2;
    return bytes;
  }

  set(slot: number, id: string, hash: number): void {
    this.#hashes[slot] = hash;
    if (digestPattern.test(id)) {
      this.#names?.delete(slot);
      const offset = slot * digestBytes;
      for (let byte = 0; byte < digestBytes; byte++) {
        this.#digests[offset + byte] = (nibble(id, byte * 2) << 4) | nibble(id, byte * 2 + 1);
      }
    } else {
      this.#names ??= new Map();
      this.#names.set(slot, id);
    }
  }

  hashAt(slot: number): number {
    return this.#hashes[slot]!;
  }

  idAt(slot: number): string {
    const name = this.#names?.get(slot);
    if (name !== undefined) return name;
    const offset = slot * digestBytes;
    let id = '';
    for (let byte = 0; byte < digestBytes; byte++) id += hexPairs[this.#digests[offset + byte]!]!;
    return id;
  }

  /** Whether `slot` holds `id`, compared without building a string. */
  matches(slot: number, id: string): boolean {
    const name = this.#names?.get(slot);
    if (name !== undefined) return name === id;
    if (id.length !== digestBytes * 2 || !digestPattern.test(id)) return false;
    const offset = slot * digestBytes;
    for (let byte = 0; byte < digestBytes; byte++) {
      if (this.#digests[offset + byte] !== ((nibble(id, byte * 2) << 4) | nibble(id, byte * 2 + 1)))
        return false;
    }
    return true;
  }

  /** Copies the id in `source`'s slot `from` to slot `to` here (a removal's last entry filling the hole). */
  copy(source: EntryIds, from: number, to: number): void {
    this.#hashes[to] = source.#hashes[from]!;
    this.#digests.set(
      source.#digests.subarray(from * digestBytes, (from + 1) * digestBytes),
      to * digestBytes,
    );
    const name = source.#names?.get(from);
    if (name === undefined) this.#names?.delete(to);
    else (this.#names ??= new Map()).set(to, name);
  }

  /** Forgets `slot` (the last one, after a removal). */
  clear(slot: number): void {
    this.#names?.delete(slot);
  }

  /** New room for `capacity` slots, the first ones kept. */
  resize(capacity: number): void {
    const digests = new Uint8Array(capacity * digestBytes);
    digests.set(this.#digests.subarray(0, Math.min(this.#digests.length, digests.length)));
    const hashes = new Uint32Array(capacity);
    hashes.set(this.#hashes.subarray(0, Math.min(this.#hashes.length, capacity)));
    this.#digests = digests;
    this.#hashes = hashes;
  }
}

/** The value of the hex digit at `index` (the caller has checked the string is hex). */
function nibble(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code <= 0x39 ? code - 0x30 : code - 0x57;
}
