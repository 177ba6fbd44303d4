// A ring of memory blocks (slabs) holding texts under keys, for the in-process exact cache
// (memory-answer-store.ts): `maxBytes` split into up to 16 slabs, each taken on first use and then
// reused for as long as the ring lives. Texts are written one after another at the head slab; when
// it is full the head moves on to the next slab, which is the oldest, and every entry still in it
// is dropped. Reading an entry from the older half of the ring writes it again at the head, so
// what is asked for survives the turn of the ring. No allocation per entry but its index record.

/** Where an entry lies, and until when it lives (epoch ms, by the caller's clock). */
interface Location {
  slab: number;
  offset: number;
  length: number;
  expiresAt: number;
  /** The slab's generation when written: a reused slab holds none of its older entries. */
  generation: number;
}

const maxSlabs = 16;
/** Below this a slab is too small to be worth its own block: fewer, larger slabs (at least 2). */
const minimumSlabBytes = 64 * 1024;

export class SlabRing {
  readonly slabBytes: number;
  readonly #slabs: Array<Buffer | undefined>;
  readonly #generations: number[];
  /** The keys written into each slab since its generation began (some since moved or dropped). */
  readonly #members: string[][];
  readonly #index = new Map<string, Location>();
  #head = 0;
  #offset = 0;
  #liveBytes = 0;

  constructor(maxBytes: number) {
    const count = Math.max(2, Math.min(maxSlabs, Math.floor(maxBytes / minimumSlabBytes)));
    this.slabBytes = Math.max(0, Math.floor(maxBytes / count));
    this.#slabs = Array.from({ length: count }, () => undefined);
    this.#generations = Array.from({ length: count }, () => 0);
    this.#members = Array.from({ length: count }, () => []);
  }

  /** Bytes of the entries the index holds. */
  get liveBytes(): number {
    return this.#liveBytes;
  }

  /** Stores `text` under `key` until `expiresAt`; false when it is larger than a slab. */
  write(key: string, text: string, expiresAt: number): boolean {
    const length = Buffer.byteLength(text, 'utf8');
    if (length > this.slabBytes) return false;
    this.delete(key);
    if (this.#offset + length > this.slabBytes) this.#advance();
    const slab = this.#slab(this.#head);
    slab.write(text, this.#offset, length, 'utf8');
    this.#index.set(key, {
      slab: this.#head,
      offset: this.#offset,
      length,
      expiresAt,
      generation: this.#generations[this.#head]!,
    });
    this.#members[this.#head]!.push(key);
    this.#offset += length;
    this.#liveBytes += length;
    return true;
  }

  /** The text under `key` while it lives at `now`; moves it to the head from the older half. */
  read(key: string, now: number): string | undefined {
    const location = this.#index.get(key);
    if (location === undefined) return undefined;
    if (location.expiresAt <= now) {
      this.delete(key);
      return undefined;
    }
    const text = this.#text(location);
    if (this.#age(location.slab) >= this.#slabs.length / 2) this.write(key, text, location.expiresAt);
    return text;
  }

  delete(key: string): boolean {
    const location = this.#index.get(key);
    if (location === undefined) return false;
    this.#index.delete(key);
    this.#liveBytes -= location.length;
    return true;
  }

  /** [key, text, expiresAt] of every entry that lives at `now`, oldest slab first. */
  *live(now: number): Generator<[string, string, number]> {
    for (const [key, location] of [...this.#index]) {
      if (location.expiresAt > now && this.#index.get(key) === location) {
        yield [key, this.#text(location), location.expiresAt];
      }
    }
  }

  clear(): void {
    this.#index.clear();
    this.#slabs.fill(undefined);
    for (const members of this.#members) members.length = 0;
    this.#liveBytes = 0;
    this.#head = 0;
    this.#offset = 0;
  }

  /** Moves the head to the oldest slab and drops what it still holds. */
  #advance(): void {
    this.#head = (this.#head + 1) % this.#slabs.length;
    this.#offset = 0;
    const slab = this.#head;
    const generation = this.#generations[slab]!;
    for (const key of this.#members[slab]!) {
      const location = this.#index.get(key);
      if (location?.slab === slab && location.generation === generation) this.delete(key);
    }
    this.#members[slab] = [];
    this.#generations[slab] = generation + 1;
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

  #text(location: Location): string {
    const slab = this.#slabs[location.slab]!;
    return slab.toString('utf8', location.offset, location.offset + location.length);
  }

  /** How many slabs ago `slab` was the head (0: it is the head). */
  #age(slab: number): number {
    return (this.#head - slab + this.#slabs.length) % this.#slabs.length;
  }
}
