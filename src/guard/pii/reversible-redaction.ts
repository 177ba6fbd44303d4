// Reversible redaction for one request: each detected value is replaced by a placeholder such as
// [EMAIL_1] before the prompt goes to a provider, and the gateway keeps the mapping — for this
// request only, never stored — to put the real values back into the answer, streamed answers
// included. The model never receives the data; the user still gets a coherent answer. The same
// value gets the same placeholder everywhere in the request, so the model can refer to it.

import { mapJsonStrings } from '../../core/map-json-strings.js';
import type { PiiEntity } from './pii-entity.js';
import { inTextOrder } from './in-text-order.js';
import { TextBuilder } from './text-builder.js';
import { ValueTable } from './value-table.js';

/** Longest placeholder: "[" + type + "_" + number + "]"; a stream holds back at most this much. */
const longestPlaceholder = 32;
const placeholderPattern = /\[([A-Z]+(?:_[A-Z]+)*)_(\d{1,6})\]/g;

export class ReversibleRedaction {
  /** The replaced values, each once, read in place from the texts they were found in. */
  readonly #table = new ValueTable();
  /**
   * Each value's placeholder, by its entry in #table, as its label (an index into #labels) and
   * number: the same value gets the same one everywhere. Written into the output as digits, never
   * made a string of its own.
   */
  readonly #placeholderLabels: number[] = [];
  readonly #placeholderNumbers: number[] = [];
  readonly #labels: string[] = [];
  /** The placeholders made strings, by entry: only where few new values make joining cheaper. */
  readonly #strings: Array<string | undefined> = [];
  /**
   * The values' entries by label, placeholder n at index n - 1: a placeholder is read back from
   * its own label and number, so a megabyte with tens of thousands of values keeps no Map of them.
   */
  readonly #values = new Map<string, Array<number | undefined>>();
  /** Placeholders in the order they were made (label index and number), for pairs(). */
  readonly #orderLabels: number[] = [];
  readonly #orderNumbers: number[] = [];

  /** `text` with every entity replaced by its placeholder. */
  redact(text: string, entities: readonly PiiEntity[]): string {
    const ordered = inTextOrder(entities);
    // Each entity's entry, or -1 for one overlapping the entity kept before it.
    const entries = new Int32Array(ordered.length);
    const before = this.#table.size;
    let position = 0;
    for (let index = 0; index < ordered.length; index++) {
      const entity = ordered[index]!;
      if (entity.start < position) {
        entries[index] = -1;
        continue;
      }
      entries[index] = this.#entryFor(entity, text);
      position = entity.end;
    }
    // Many new values (a megabyte of distinct numbers): the output is written code unit by code
    // unit, as turning each placeholder into a string of its own costs more than copying the text.
    // Few: the text's stretches and the placeholders are joined, with no copy of the text.
    const made = this.#table.size - before;
    return made * 32 > text.length
      ? this.#written(text, ordered, entries)
      : this.#joined(text, ordered, entries);
  }

  #written(text: string, ordered: readonly PiiEntity[], entries: Int32Array): string {
    const output = new TextBuilder(text.length + ordered.length * 8);
    let position = 0;
    for (let index = 0; index < ordered.length; index++) {
      const entry = entries[index]!;
      if (entry < 0) continue;
      const entity = ordered[index]!;
      output.append(text, position, entity.start);
      // "[" + label + "_" + number + "]"
      output.append('[');
      output.append(this.#labels[this.#placeholderLabels[entry]!]!);
      output.append('_');
      output.appendNumber(this.#placeholderNumbers[entry]!);
      output.append(']');
      position = entity.end;
    }
    output.append(text, position);
    return output.toString();
  }

  #joined(text: string, ordered: readonly PiiEntity[], entries: Int32Array): string {
    let result = '';
    let position = 0;
    for (let index = 0; index < ordered.length; index++) {
      const entry = entries[index]!;
      if (entry < 0) continue;
      const entity = ordered[index]!;
      const placeholder = (this.#strings[entry] ??=
        `[${this.#labels[this.#placeholderLabels[entry]!]!}_${this.#placeholderNumbers[entry]!}]`);
      result += text.slice(position, entity.start) + placeholder;
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
    return this.#orderLabels.map((labelIndex, index) => {
      const label = this.#labels[labelIndex]!;
      const number = String(this.#orderNumbers[index]);
      return [`[${label}_${number}]`, this.#valueOf(label, number)!];
    });
  }

  /** A redaction that goes on from `pairs` (numbering continues after the highest placeholder). */
  static fromPairs(pairs: ReadonlyArray<readonly [string, string]>): ReversibleRedaction {
    const redaction = new ReversibleRedaction();
    for (const [placeholder, value] of pairs) {
      const parsed = parsePlaceholder(placeholder);
      if (parsed === undefined) continue;
      redaction.#remember(parsed.label, Number(parsed.number), value);
    }
    return redaction;
  }

  /** How many distinct values were replaced. */
  get size(): number {
    return this.#orderLabels.length;
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

  /** The entry of the entity's value in `text`, with its placeholder; a new one for a value not seen before. */
  #entryFor(entity: PiiEntity, text: string): number {
    const end = Math.min(entity.end, text.length);
    const entry = this.#table.entryOf(text, Math.min(entity.start, end), end);
    // Every entry gets its placeholder as it is made: a new entry is the next one.
    if (entry < this.#placeholderLabels.length) return entry;
    const label = placeholderLabel(entity.type);
    const values = this.#valuesOf(label);
    values.push(entry);
    const labelIndex = this.#labelIndex(label);
    this.#placeholderLabels.push(labelIndex);
    this.#placeholderNumbers.push(values.length);
    this.#orderLabels.push(labelIndex);
    this.#orderNumbers.push(values.length);
    return entry;
  }

  /** Where `label` is in #labels, added the first time. */
  #labelIndex(label: string): number {
    let index = this.#labels.indexOf(label);
    if (index < 0) index = this.#labels.push(label) - 1;
    return index;
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

  /** A pair carried over from another thread (fromPairs): placeholder `[label_number]`. */
  #remember(label: string, number: number, value: string): void {
    const values = this.#valuesOf(label);
    const labelIndex = this.#labelIndex(label);
    if (values[number - 1] === undefined) {
      this.#orderLabels.push(labelIndex);
      this.#orderNumbers.push(number);
    }
    // Numbers from pairs may come out of order: the gap is filled with holes, never reused.
    while (values.length < number - 1) values.push(undefined);
    const entry = this.#table.entryOf(value, 0, value.length);
    values[number - 1] = entry;
    // A value already held keeps its first placeholder.
    if (entry === this.#placeholderLabels.length) {
      this.#placeholderLabels.push(labelIndex);
      this.#placeholderNumbers.push(number);
    }
  }
}

/** The label and number of a placeholder this class made, or undefined for any other text. */
function parsePlaceholder(placeholder: string): { label: string; number: string } | undefined {
  const match = /^\[([A-Z]+(?:_[A-Z]+)*)_([1-9]\d{0,5})\]$/.exec(placeholder);
  return match === null ? undefined : { label: match[1]!, number: match[2]! };
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
