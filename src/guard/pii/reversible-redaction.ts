// Reversible redaction for one request: each detected value is replaced by a placeholder such as
// [EMAIL_1] before the prompt goes to a provider, and the gateway keeps the mapping — for this
// request only, never stored — to put the real values back into the answer, streamed answers
// included. The model never receives the data; the user still gets a coherent answer. The same
// value gets the same placeholder everywhere in the request, so the model can refer to it.

import { mapJsonStrings } from '../../core/map-json-strings.js';
import type { PiiEntity } from './pii-entity.js';
import { ValueTable } from './value-table.js';

/** Longest placeholder: "[" + type + "_" + number + "]"; a stream holds back at most this much. */
const longestPlaceholder = 32;
const placeholderPattern = /\[([A-Z]+(?:_[A-Z]+)*)_(\d{1,6})\]/g;

export class ReversibleRedaction {
  /** The replaced values, each once, read in place from the texts they were found in. */
  readonly #table = new ValueTable();
  /** Each value's placeholder, by its entry in #table: the same value gets the same one everywhere. */
  readonly #placeholders: string[] = [];
  /**
   * The values' entries by label, placeholder n at index n - 1: a placeholder is read back from
   * its own label and number, so a megabyte with tens of thousands of values keeps no Map of them.
   */
  readonly #values = new Map<string, Array<number | undefined>>();
  /** Placeholders in the order they were made, for pairs(). */
  readonly #order: string[] = [];

  /** `text` with every entity replaced by its placeholder. */
  redact(text: string, entities: readonly PiiEntity[]): string {
    const ordered = inOrder(entities);
    let result = '';
    let position = 0;
    for (const entity of ordered) {
      if (entity.start < position) continue;
      result += text.slice(position, entity.start) + this.#placeholderFor(entity, text);
      position = entity.end;
    }
    return result + text.slice(position);
  }

  /** The answer with the real values back in place of this request's placeholders. */
  restore(text: string): string {
    return text.replace(
      placeholderPattern,
      (placeholder, label: string, number: string) => this.#valueOf(label, number) ?? placeholder,
    );
  }

  /**
   * A JSON answer with the real values back. Read and written again, so every value is escaped
   * for where it lands: as it is in a text, and escaped once more inside a string that is itself
   * JSON (a tool call's `arguments`, an answer in JSON mode), which stays valid JSON. Text that is
   * not JSON gets the values escaped as a JSON string's content.
   */
  restoreJson(json: string): string {
    if (!json.includes('[')) return json;
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      return this.restoreInJson(json);
    }
    return JSON.stringify(mapJsonStrings(parsed, (text) => this.#restoreString(text), 64));
  }

  /** JSON text with the real values back, each escaped as a JSON string's content. */
  restoreInJson(json: string): string {
    return json.replace(placeholderPattern, (placeholder, label: string, number: string) => {
      const original = this.#valueOf(label, number);
      return original === undefined ? placeholder : JSON.stringify(original).slice(1, -1);
    });
  }

  /** The mapping as [placeholder, value] pairs, to carry it between threads. */
  pairs(): Array<[string, string]> {
    return this.#order.map((placeholder) => {
      const { label, number } = parsePlaceholder(placeholder)!;
      return [placeholder, this.#valueOf(label, number)!];
    });
  }

  /** A redaction that goes on from `pairs` (numbering continues after the highest placeholder). */
  static fromPairs(pairs: ReadonlyArray<readonly [string, string]>): ReversibleRedaction {
    const redaction = new ReversibleRedaction();
    for (const [placeholder, value] of pairs) {
      const parsed = parsePlaceholder(placeholder);
      if (parsed === undefined) continue;
      redaction.#remember(parsed.label, Number(parsed.number), placeholder, value);
    }
    return redaction;
  }

  /** How many distinct values were replaced. */
  get size(): number {
    return this.#order.length;
  }

  /**
   * For a streamed answer: restores chunk by chunk, holding back a placeholder cut between chunks.
   * `json`: the chunks are JSON text (a tool call's arguments), so values go in escaped.
   */
  restorer(json = false): { push(chunk: string): string; end(): string } {
    let held = '';
    const restore = (text: string): string => (json ? this.restoreInJson(text) : this.restore(text));
    return {
      push: (chunk) => {
        const text = held + chunk;
        const open = text.lastIndexOf('[');
        const cut = open >= 0 && !text.includes(']', open) && text.length - open < longestPlaceholder;
        held = cut ? text.slice(open) : '';
        return restore(cut ? text.slice(0, open) : text);
      },
      end: () => {
        const rest = restore(held);
        held = '';
        return rest;
      },
    };
  }

  #restoreString(text: string): string {
    if (!text.includes('[')) return text;
    const first = text.trimStart()[0];
    if (first === '{' || first === '[') {
      try {
        JSON.parse(text);
        return this.restoreInJson(text);
      } catch {
        // Not JSON after all: plain text.
      }
    }
    return this.restore(text);
  }

  /** Only a placeholder exactly as made: `[EMAIL_01]` is not `[EMAIL_1]`. */
  #valueOf(label: string, number: string): string | undefined {
    if (number.startsWith('0')) return undefined;
    const entry = this.#values.get(label)?.[Number(number) - 1];
    return entry === undefined ? undefined : this.#table.value(entry);
  }

  /** The placeholder of the entity's value in `text`; a new one for a value not seen before. */
  #placeholderFor(entity: PiiEntity, text: string): string {
    const end = Math.min(entity.end, text.length);
    const entry = this.#table.entryOf(text, Math.min(entity.start, end), end);
    // Every entry gets its placeholder as it is made: a new entry is the next one.
    if (entry < this.#placeholders.length) return this.#placeholders[entry]!;
    const label = placeholderLabel(entity.type);
    const values = this.#valuesOf(label);
    const placeholder = `[${label}_${values.length + 1}]`;
    values.push(entry);
    this.#order.push(placeholder);
    this.#placeholders.push(placeholder);
    return placeholder;
  }

  /** The entries of one label's values, made empty the first time. */
  #valuesOf(label: string): Array<number | undefined> {
    let values = this.#values.get(label);
    if (values === undefined) {
      values = [];
      this.#values.set(label, values);
    }
    return values;
  }

  /** A pair carried over from another thread (fromPairs). */
  #remember(label: string, number: number, placeholder: string, value: string): void {
    const values = this.#valuesOf(label);
    if (values[number - 1] === undefined) this.#order.push(placeholder);
    // Numbers from pairs may come out of order: the gap is filled with holes, never reused.
    while (values.length < number - 1) values.push(undefined);
    const entry = this.#table.entryOf(value, 0, value.length);
    values[number - 1] = entry;
    // A value already held keeps its first placeholder.
    if (entry === this.#placeholders.length) this.#placeholders.push(placeholder);
  }
}

/** The label and number of a placeholder this class made, or undefined for any other text. */
function parsePlaceholder(placeholder: string): { label: string; number: string } | undefined {
  const match = /^\[([A-Z]+(?:_[A-Z]+)*)_([1-9]\d{0,5})\]$/.exec(placeholder);
  return match === null ? undefined : { label: match[1]!, number: match[2]! };
}

/** Entities sorted by start: the scanners already give them so, and a sort of 50,000 costs. */
function inOrder(entities: readonly PiiEntity[]): readonly PiiEntity[] {
  for (let index = 1; index < entities.length; index++) {
    if (entities[index]!.start < entities[index - 1]!.start) {
      return [...entities].sort((left, right) => left.start - right.start);
    }
  }
  return entities;
}

const labels = new Map<string, string>();

/** "postal-address" → "POSTAL_ADDRESS", worked out once per type rather than once per value. */
function placeholderLabel(type: string): string {
  let label = labels.get(type);
  if (label === undefined) {
    label = type.toUpperCase().replace(/-/g, '_');
    labels.set(type, label);
  }
  return label;
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
  for (const entity of inOrder(entities)) {
    if (entity.start < position) continue;
    out += text.slice(position, entity.start) + maskValue(entity, text.slice(entity.start, entity.end));
    position = entity.end;
  }
  return out + text.slice(position);
}
