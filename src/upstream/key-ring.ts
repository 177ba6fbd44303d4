// Spreads a deployment's requests across its credentials (round robin) and benches a credential
// the upstream rejected (401/403, e.g. a key revoked mid-rotation) so the next requests use the
// others. With one credential nothing is benched: the error goes to the client as it is.

export interface KeyRingOptions {
  /** How long a rejected credential sits out before it is tried again. */
  benchMs: number;
  now?: () => number;
}

interface Ring {
  keys: readonly string[];
  next: number;
  benchedUntil: Map<string, number>;
}

export class KeyRings {
  private readonly rings = new Map<string, Ring>();
  private readonly now: () => number;

  constructor(private readonly options: KeyRingOptions = { benchMs: 60_000 }) {
    this.now = options.now ?? Date.now;
  }

  /** The credential for the next request to deployment `name` ('' when it has none). */
  pick(name: string, keys: readonly string[]): string {
    if (keys.length <= 1) return keys[0] ?? '';
    const ring = this.ring(name, keys);
    const now = ring.benchedUntil.size > 0 ? this.now() : 0;
    for (let tried = 0; tried < keys.length; tried += 1) {
      const key = keys[ring.next % keys.length] ?? '';
      ring.next = (ring.next + 1) % keys.length;
      const until = ring.benchedUntil.get(key);
      if (until === undefined) return key;
      if (until <= now) {
        ring.benchedUntil.delete(key);
        return key;
      }
    }
    // Every credential is benched: keep rotating rather than refuse, one may have been restored.
    return keys[ring.next % keys.length] ?? '';
  }

  /**
   * The upstream rejected `key`. Returns true when another credential is left to try, so the
   * caller may retry the request at once.
   */
  reject(name: string, keys: readonly string[], key: string): boolean {
    if (keys.length <= 1) return false;
    const ring = this.ring(name, keys);
    const now = this.now();
    ring.benchedUntil.set(key, now + this.options.benchMs);
    // A bench that has run out counts as available, though pick() has not cleared it yet.
    return keys.some((candidate) => (ring.benchedUntil.get(candidate) ?? 0) <= now);
  }

  private ring(name: string, keys: readonly string[]): Ring {
    let ring = this.rings.get(name);
    if (ring === undefined || ring.keys !== keys) {
      // A reload that changed the credentials starts over; benches of keys still listed carry over.
      const benched = new Map([...(ring?.benchedUntil ?? [])].filter(([key]) => keys.includes(key)));
      ring = { keys, next: ring?.next ?? 0, benchedUntil: benched };
      this.rings.set(name, ring);
    }
    return ring;
  }
}
