// `${NAME}` and `${NAME:-default}` in config string values, replaced from the environment in one
// pass (a substituted value is never re-read, so a secret containing "${" stays intact).
// `$${` writes a literal `${`. Keys are never interpolated. Reads only the env passed in.

import type { PathSegment } from './key-path.js';
import { setOwn } from './plain-data.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface InterpolationProblem {
  path: PathSegment[];
  message: string;
}

const reference = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/** A copy of `value` with every string interpolated, plus every problem found (all of them, not the first). */
export function interpolateEnv(
  value: unknown,
  env: Env,
): { value: unknown; problems: InterpolationProblem[] } {
  const problems: InterpolationProblem[] = [];
  const result = walk(value, [], env, problems);
  return { value: result, problems };
}

function walk(value: unknown, path: PathSegment[], env: Env, problems: InterpolationProblem[]): unknown {
  if (typeof value === 'string') {
    const { text, errors } = interpolateString(value, env);
    for (const message of errors) problems.push({ path, message });
    return text;
  }
  if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index], env, problems));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      setOwn(copy, key, walk(item, [...path, key], env, problems));
    return copy;
  }
  return value;
}

/** Interpolates one string; `errors` names each unusable reference. */
export function interpolateString(input: string, env: Env): { text: string; errors: string[] } {
  const errors: string[] = [];
  let text = '';
  let index = 0;
  while (index < input.length) {
    if (input.startsWith('$${', index)) {
      text += '${';
      index += 3;
      continue;
    }
    if (!input.startsWith('${', index)) {
      text += input[index];
      index += 1;
      continue;
    }
    const end = input.indexOf('}', index + 2);
    if (end === -1) {
      errors.push('unterminated "${" (write "$${" for a literal "${")');
      text += input.slice(index);
      break;
    }
    text += resolveReference(input.slice(index + 2, end), env, errors);
    index = end + 1;
  }
  return { text, errors };
}

function resolveReference(inner: string, env: Env, errors: string[]): string {
  const match = reference.exec(inner);
  if (!match) {
    errors.push(`"\${${inner}}" is not a variable reference (use \${NAME} or \${NAME:-default})`);
    return '';
  }
  const name = match[1] ?? '';
  const fallback = match[2];
  const value = env[name];
  // As in the shell, ':-' also covers a variable that is set but empty.
  if (fallback !== undefined && (value === undefined || value === '')) return fallback;
  if (value === undefined) {
    errors.push(`environment variable ${name} is not set (use \${${name}:-default} to give a default)`);
    return '';
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
