// A bounded map whose entries expire: least recently used entries go first when full, so a flood
// of new keys cannot grow memory without limit. Times are milliseconds from the caller's clock.

export class TtlCache<Value> {
  private readonly entries = new Map<string, { value: Value; expiresAt: number; touchedAt: number }>();

  constructor(private readonly maxEntries: number) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1)
      throw new RangeError('maxEntries must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, now: number): Value | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-inserting moves the entry to the young end of the Map's insertion order. Once a second
    // is enough: a key used on every request would otherwise pay a delete and an insert each time.
    if (now - entry.touchedAt >= 1000) {
      entry.touchedAt = now;
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry.value;
  }

  set(key: string, value: Value, expiresAt: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt, touchedAt: Number.NEGATIVE_INFINITY });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  /** Removes every entry whose value matches; a scan, meant for rare events such as a revocation. */
  deleteWhere(matches: (value: Value) => boolean): number {
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (matches(entry.value)) {
        this.entries.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  clear(): void {
    this.entries.clear();
  }
}
