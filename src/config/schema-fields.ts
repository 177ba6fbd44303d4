// Field types shared by the config schema. Numbers and booleans also accept their string form,
// because `${VAR}` interpolation always yields strings (`port: ${PORT:-8787}` must work).

import { z } from 'zod';
import { byteSizePattern, parseByteSize } from './byte-size.js';

const integerText = /^\s*-?\d+\s*$/;

function integerFromText(value: unknown): unknown {
  return typeof value === 'string' && integerText.test(value) ? Number(value) : value;
}

function booleanFromText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return value;
}

/** A whole number in [min, max]; numeric strings are accepted. */
export function integer(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  return z.preprocess(integerFromText, z.int().min(min).max(max));
}

/** true/false; the strings 'true'/'false' are accepted. */
export function flag() {
  return z.preprocess(booleanFromText, z.boolean());
}

/** Milliseconds: a positive whole number. */
export function milliseconds() {
  return integer(1);
}

/** Bytes as a number or text like '512kb' / '32mb'; always a number after parsing. */
export function byteSize() {
  return z.union(
    [
      z.int().min(1),
      z
        .string()
        .regex(byteSizePattern)
        .transform((text, context) => {
          const bytes = parseByteSize(text);
          if (bytes !== undefined && bytes >= 1) return bytes;
          context.addIssue({ code: 'custom', message: `"${text}" is not a usable byte size` });
          return z.NEVER;
        }),
    ],
    { error: () => 'expected a byte size: a number of bytes or text like "512kb" or "32mb"' },
  );
}

/** A URL whose scheme is one of `schemes`, e.g. an http(s) base URL. */
export function url(schemes: readonly string[], example: string) {
  const protocol = new RegExp(`^(?:${schemes.join('|')})$`);
  return z.url({ protocol, error: () => `expected a ${schemes.join('/')} URL such as ${example}` });
}

/** A non-empty string. */
export function text() {
  return z.string().min(1);
}
