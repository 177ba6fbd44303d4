// The record writer's bounded in-memory queue: a ring buffer so a push and a batch take cost the
// same however deep the queue is (Array#shift is linear). Holds values only; no I/O, no timers.

export class RecordWriterQueue<T> {
  readonly #slots: Array<T | undefined>;
  #head = 0;
  #length = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`queue capacity must be a positive integer, got ${capacity}`);
    this.#slots = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.#length;
  }

  get full(): boolean {
    return this.#length === this.capacity;
  }

  /** Adds at the tail; false (and nothing stored) when the queue is full. */
  push(value: T): boolean {
    if (this.#length === this.capacity) return false;
    this.#slots[(this.#head + this.#length) % this.capacity] = value;
    this.#length += 1;
    return true;
  }

  /** Removes and returns up to `count` values from the head, oldest first. */
  take(count: number): T[] {
    const taken: T[] = [];
    const size = Math.min(count, this.#length);
    for (let index = 0; index < size; index += 1) {
      taken.push(this.#slots[this.#head] as T);
      // Clear the slot so a taken record can be garbage collected while the queue lives on.
      this.#slots[this.#head] = undefined;
      this.#head = (this.#head + 1) % this.capacity;
    }
    this.#length -= size;
    return taken;
  }

  takeAll(): T[] {
    return this.take(this.#length);
  }
}
