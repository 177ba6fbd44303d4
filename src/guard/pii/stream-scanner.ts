// PII checks on an answer while it streams: text comes in deltas, an entity may be cut between
// two of them, so the last `holdBack` characters are kept back until more text shows where they
// end (an entity found across the boundary is held whole). What is let out has its entities
// replaced (masked). The last characters let out stay as context for labels ("SSN: ") before the
// next delta. Text is scanned once `step` new characters have gathered (not on every token), and
// each scan covers at most the held text and the context: the cost per delta is bounded whatever
// the answer's length (bench/guard-stream.ts).

import type { PiiEntity } from './pii-entity.js';

/** Characters of already-released text kept as context for the next scan. */
const contextLength = 48;

export class StreamScanner {
  #held = '';
  #context = '';

  constructor(
    private readonly scan: (text: string) => PiiEntity[],
    private readonly replace: (entity: PiiEntity, value: string) => string,
    private readonly holdBack = 64,
    /** New characters gathered before a scan: a scan per token would rescan the held text each time. */
    private readonly step = 32,
  ) {}

  /** Adds a delta; returns what may go to the client now (possibly ''). */
  push(text: string): string {
    this.#held += text;
    if (this.#held.length < this.holdBack + this.step) return '';
    return this.#release(this.#held.length - this.holdBack);
  }

  /** The stream ended: everything held, checked. */
  end(): string {
    return this.#release(this.#held.length);
  }

  #release(until: number): string {
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
