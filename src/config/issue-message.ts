// Turns zod issues into messages a person fixing a YAML file can act on: what was expected, what
// was found, and for unknown keys the key they probably meant. Used as a per-parse error map, so
// zod's global configuration (shared with the rest of the gateway) is left alone.

import type { z } from 'zod';
import { closestWord } from './closest-word.js';

type RawIssue = z.core.$ZodRawIssue;

const typeNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  array: 'a list',
};

export const describeIssue: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(issue.expected, issue.input);
    case 'unrecognized_keys':
      return unknownKeys(issue.keys, knownKeys(issue));
    case 'too_small':
      return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case 'too_big':
      return tooBig(issue.origin, Number(issue.maximum), issue.inclusive !== false);
    case 'invalid_key':
      return `invalid key: ${issue.issues[0]?.message ?? 'not allowed here'}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}; got ${describeValue(issue.input)}`;
    case 'custom':
    case 'invalid_format':
    case 'invalid_union':
    case 'invalid_element':
    case 'not_multiple_of':
      // These carry messages set where the rule is defined (schema-fields.ts, refinements).
      return undefined;
  }
};

/** A short rendering of a bad value for a message: long strings are cut, structures are named, not dumped. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (Buffer.isBuffer(value)) return 'binary data';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return typeof value;
}

function invalidType(expected: string, input: unknown): string {
  const name = typeNames[expected] ?? expected;
  return input === undefined
    ? `required (expected ${name})`
    : `expected ${name}, got ${describeValue(input)}`;
}

function knownKeys(issue: RawIssue): string[] {
  const definition = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)
    ?._zod?.def;
  return Object.keys(definition?.shape ?? {});
}

function unknownKeys(keys: readonly string[], allowed: readonly string[]): string {
  const list = keys.map((key) => JSON.stringify(key)).join(', ');
  const label = keys.length === 1 ? 'unknown key' : 'unknown keys';
  const suggestion = keys.length === 1 && keys[0] !== undefined ? closestWord(keys[0], allowed) : undefined;
  if (suggestion !== undefined) return `${label} ${list} (did you mean "${suggestion}"?)`;
  return allowed.length === 0 ? `${label} ${list}` : `${label} ${list} (allowed: ${allowed.join(', ')})`;
}

function tooSmall(origin: string, minimum: number, inclusive: boolean): string {
  if (origin === 'array') return `needs at least ${minimum} ${minimum === 1 ? 'entry' : 'entries'}`;
  if (origin === 'string')
    return minimum === 1 ? 'must not be empty' : `must be at least ${minimum} characters`;
  return inclusive ? `must be at least ${minimum}` : `must be more than ${minimum}`;
}

function tooBig(origin: string, maximum: number, inclusive: boolean): string {
  if (origin === 'array') return `must have at most ${maximum} entries`;
  if (origin === 'string') return `must be at most ${maximum} characters`;
  return inclusive ? `must be at most ${maximum}` : `must be less than ${maximum}`;
}
