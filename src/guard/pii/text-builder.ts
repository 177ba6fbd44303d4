// A string built piece by piece in one buffer of UTF-16 code units and made once at the end: a
// redacted megabyte with 60,000 placeholders then costs one string, not a placeholder string, a
// number turned into text and two joins per value. Code units are copied as they are, lone
// surrogates included. Knows nothing of PII.

export class TextBuilder {
  #units: Uint16Array;
  #length = 0;

  /** `capacity`: the code units expected; the buffer grows past it when needed. */
  constructor(capacity: number) {
    this.#units = new Uint16Array(Math.max(16, capacity));
  }

  /** Appends text[start, end), clamped to the text as `slice` does. */
  append(text: string, start = 0, end = text.length): void {
    const last = Math.min(end, text.length);
    if (last <= start) return;
    this.#reserve(last - start);
    const units = this.#units;
    let length = this.#length;
    for (let index = start; index < last; index++) units[length++] = text.charCodeAt(index);
    this.#length = length;
  }

  /** Appends a non-negative integer in decimal digits. */
  appendNumber(value: number): void {
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits += 1;
    this.#reserve(digits);
    let rest = value;
    for (let index = this.#length + digits - 1; index >= this.#length; index--) {
      this.#units[index] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.#length += digits;
  }

  toString(): string {
    // Node's platforms are little-endian: the buffer's bytes are UTF-16LE as they lie.
    return Buffer.from(this.#units.buffer, this.#units.byteOffset, this.#length * 2).toString('utf16le');
  }

  #reserve(more: number): void {
    if (this.#length + more <= this.#units.length) return;
    const grown = new Uint16Array(Math.max(this.#units.length * 2, this.#length + more));
    grown.set(this.#units.subarray(0, this.#length));
    this.#units = grown;
  }
}
