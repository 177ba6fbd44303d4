// Reversible redaction for one request: each detected value is replaced by a placeholder such as
// [EMAIL_1] before the prompt goes to a provider, and the gateway keeps the mapping — for this
// request only, never stored — to put the real values back into the answer, streamed answers
// included. The model never receives the data; the user still gets a coherent answer. The same
// value gets the same placeholder everywhere in the request, so the model can refer to it.

import type { PiiEntity } from './pii-entity.js';

/** Longest placeholder: "[" + type + "_" + number + "]"; a stream holds back at most this much. */
const longestPlaceholder = 32;
const placeholderPattern = /\[([A-Z]+(?:_[A-Z]+)*)_(\d{1,6})\]/g;

export class ReversibleRedaction {
  readonly #originals = new Map<string, string>();
  readonly #placeholders = new Map<string, string>();
  readonly #counts = new Map<string, number>();

  /** `text` with every entity replaced by its placeholder. */
  redact(text: string, entities: readonly PiiEntity[]): string {
    const ordered = [...entities].sort((left, right) => left.start - right.start);
    let result = '';
    let position = 0;
    for (const entity of ordered) {
      if (entity.start < position) continue;
      result +=
        text.slice(position, entity.start) +
        this.#placeholderFor(entity, text.slice(entity.start, entity.end));
      position = entity.end;
    }
    return result + text.slice(position);
  }

  /** The answer with the real values back in place of this request's placeholders. */
  restore(text: string): string {
    return text.replace(placeholderPattern, (placeholder) => this.#originals.get(placeholder) ?? placeholder);
  }

  /** A JSON text (an answer's body) with the real values back, each escaped as a JSON string's content. */
  restoreJson(json: string): string {
    return json.replace(placeholderPattern, (placeholder) => {
      const original = this.#originals.get(placeholder);
      return original === undefined ? placeholder : JSON.stringify(original).slice(1, -1);
    });
  }

  /** The mapping as [placeholder, value] pairs, to carry it between threads. */
  pairs(): Array<[string, string]> {
    return [...this.#originals];
  }

  /** A redaction that goes on from `pairs` (numbering continues after the highest placeholder). */
  static fromPairs(pairs: ReadonlyArray<readonly [string, string]>): ReversibleRedaction {
    const redaction = new ReversibleRedaction();
    for (const [placeholder, value] of pairs) {
      redaction.#originals.set(placeholder, value);
      redaction.#placeholders.set(value, placeholder);
      const match = /^\[(.+)_(\d+)\]$/.exec(placeholder);
      if (match !== null) {
        const label = match[1]!;
        redaction.#counts.set(label, Math.max(redaction.#counts.get(label) ?? 0, Number(match[2])));
      }
    }
    return redaction;
  }

  /** How many distinct values were replaced. */
  get size(): number {
    return this.#originals.size;
  }

  /** For a streamed answer: restores chunk by chunk, holding back a placeholder cut between chunks. */
  restorer(): { push(chunk: string): string; end(): string } {
    let held = '';
    return {
      push: (chunk) => {
        const text = held + chunk;
        const open = text.lastIndexOf('[');
        const cut = open >= 0 && !text.includes(']', open) && text.length - open < longestPlaceholder;
        held = cut ? text.slice(open) : '';
        return this.restore(cut ? text.slice(0, open) : text);
      },
      end: () => {
        const rest = this.restore(held);
        held = '';
        return rest;
      },
    };
  }

  #placeholderFor(entity: PiiEntity, value: string): string {
    const known = this.#placeholders.get(value);
    if (known !== undefined) return known;
    const label = entity.type.toUpperCase().replace(/-/g, '_');
    const count = (this.#counts.get(label) ?? 0) + 1;
    this.#counts.set(label, count);
    const placeholder = `[${label}_${count}]`;
    this.#placeholders.set(value, placeholder);
    this.#originals.set(placeholder, value);
    return placeholder;
  }
}

/** A value shown partly (the masking action): enough to recognise it, not enough to use it. */
export function maskValue(entity: PiiEntity, value: string): string {
  switch (entity.type) {
    case 'email': {
      const at = value.indexOf('@');
      return `${value[0] ?? ''}***${value.slice(at)}`;
    }
    case 'card':
    case 'iban':
    case 'phone':
      return `${'*'.repeat(Math.max(0, value.replace(/\s/g, '').length - 4))}${value.replace(/\s/g, '').slice(-4)}`;
    case 'ssn':
    case 'person-name':
    case 'postal-address':
    case 'ip-address':
    case 'date-of-birth':
    case 'secret':
      return `[${entity.type.toUpperCase().replace(/-/g, '_')}]`;
    case 'phrase':
      return '[REMOVED]';
  }
}

/** `text` with every entity shown partly (maskValue), for the masking action. */
export function maskEntities(text: string, entities: readonly PiiEntity[]): string {
  let out = '';
  let position = 0;
  for (const entity of [...entities].sort((left, right) => left.start - right.start)) {
    if (entity.start < position) continue;
    out += text.slice(position, entity.start) + maskValue(entity, text.slice(entity.start, entity.end));
    position = entity.end;
  }
  return out + text.slice(position);
}
