// PII checks on an answer while it streams: text comes in deltas, an entity may be cut between
// two of them, so the last `holdBack` characters are kept back until more text shows where they
// end (an entity found across the boundary is held whole). What is let out has its entities
// replaced (masked). The last characters let out stay as context for labels ("SSN: ") before the
// next delta. Text is scanned once `step` new characters have gathered (not on every token), and
// each scan covers at most the held text and the context: the cost per delta is bounded whatever
// the answer's length (bench/guard-stream.ts). A long unbroken run (a token, a key) or an open PEM
// block is held whole until it ends, so a secret longer than the hold-back is never let out in part.

import type { PiiEntity } from './pii-entity.js';

/** Characters of already-released text kept as context for the next scan. */
const contextLength = 48;

/** The longest run held whole: beyond it, text goes out in the ordinary way (a base64 blob, say). */
const maxOpenSpan = 8192;

export class StreamScanner {
  #held = '';
  #context = '';

  constructor(
    private readonly scan: (text: string) => PiiEntity[],
    private readonly replace: (entity: PiiEntity, value: string) => string,
    private readonly holdBack = 64,
    /** New characters gathered before a scan: a scan per token would rescan the held text each time. */
    private readonly step = 16,
  ) {}

  /** Adds a delta; returns what may go to the client now (possibly ''). */
  push(text: string): string {
    this.#held += text;
    if (this.#held.length < this.holdBack + this.step) return '';
    return this.#release(this.#held.length - this.holdBack);
  }

  /**
   * Where to cut at most, so that nothing still open at the end of the held text goes out in part:
   * a run without whitespace (a JWT, an API key, a URL with a token) and a PEM block whose END line
   * has not come yet are held whole, up to `maxOpenSpan` characters; the detectors then see them
   * complete. Ordinary prose ends its words often, so it flows as before.
   */
  #openSpanStart(until: number): number {
    const held = this.#held;
    if (until >= held.length) return until;
    let cut = until;
    const begin = held.lastIndexOf('-----BEGIN');
    // Open until its END line is complete ("-----END PRIVATE KEY-----"), not just begun.
    if (
      begin >= 0 &&
      begin < cut &&
      !/-----END [^\n]*-----/.test(held.slice(begin)) &&
      held.length - begin <= maxOpenSpan
    )
      cut = begin;
    let runStart = held.length;
    while (runStart > 0 && !/\s/.test(held[runStart - 1]!)) runStart--;
    if (runStart < cut && held.length - runStart <= maxOpenSpan) cut = runStart;
    return cut;
  }

  /** The stream ended: everything held, checked. */
  end(): string {
    return this.#release(this.#held.length);
  }

  #release(until: number): string {
    until = this.#openSpanStart(until);
    if (until <= 0) return '';
    const offset = this.#context.length;
    const entities = this.scan(this.#context + this.#held)
      .map((entity) => ({ ...entity, start: entity.start - offset, end: entity.end - offset }))
      .filter((entity) => entity.end > 0);
    // Never let out part of an entity: stop before one that crosses the boundary.
    let cut = until;
    for (const entity of entities)
      if (entity.start < cut && entity.end > cut) cut = Math.max(0, entity.start);
    let out = '';
    let position = 0;
    for (const entity of entities.sort((left, right) => left.start - right.start)) {
      if (entity.start < position || entity.end > cut) continue;
      const start = Math.max(0, entity.start);
      out += this.#held.slice(position, start) + this.replace(entity, this.#held.slice(start, entity.end));
      position = entity.end;
    }
    out += this.#held.slice(position, cut);
    this.#context = (this.#context + this.#held.slice(0, cut)).slice(-contextLength);
    this.#held = this.#held.slice(cut);
    return out;
  }
}
