// Turns a zod failure on a client body into the gateway's one invalid_request error, naming the
// offending parameter the way OpenAI does (`messages[2].role`). Shared by both dialects' parsers;
// it renders nothing to the wire (src/server/error-response.ts does).

import type { z } from 'zod';
import { GatewayError } from '../errors.js';

type Issue = z.core.$ZodIssue;
type Path = ReadonlyArray<PropertyKey>;

/** `['messages', 2, 'role']` -> `messages[2].role`. */
export function formatParam(path: Path): string {
  let param = '';
  for (const key of path) {
    if (typeof key === 'number') param += `[${key}]`;
    else param += param === '' ? String(key) : `.${String(key)}`;
  }
  return param;
}

export function invalidRequest(path: Path, message: string): GatewayError {
  const param = formatParam(path);
  return new GatewayError('invalid_request', param === '' ? message : `Invalid '${param}': ${message}`, {
    param: param === '' ? undefined : param,
  });
}

/** A valid request using something the other dialect has no way to say (crossing dialects only). */
export function untranslatable(path: Path, what: string): GatewayError {
  return invalidRequest(path, `${what} cannot be translated for a provider that speaks another dialect.`);
}

/** The first issue of a failed parse, made precise: unions are opened to the branch that got furthest. */
export function toValidationError(error: z.ZodError, input: unknown): GatewayError {
  const issue = error.issues[0];
  if (issue === undefined) return invalidRequest([], 'The request body is invalid.');
  const [path, message] = describeIssue(issue, [], input);
  return invalidRequest(path, message);
}

function describeIssue(issue: Issue, prefix: Path, input: unknown): [Path, string] {
  const path = [...prefix, ...issue.path];
  const value = valueAt(input, path);
  if (issue.code === 'invalid_union') return describeUnion(issue, path, input, value);
  return [path, describeValue(issue, value)];
}

function describeValue(issue: Issue, value: unknown): string {
  if (issue.code === 'invalid_type') {
    return value === undefined ? 'is required.' : `expected ${typeName(issue.expected)}, got ${show(value)}.`;
  }
  if (issue.code === 'too_small') return tooSmall(issue);
  if (issue.code === 'too_big') return tooBig(issue);
  if (issue.code === 'invalid_value') return `expected ${oneOf(issue.values)}, got ${show(value)}.`;
  return `${issue.message}.`;
}

function describeUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  path: Path,
  input: unknown,
  value: unknown,
): [Path, string] {
  if (issue.discriminator !== undefined && issue.errors.length === 0) {
    // Zod reports a failed discriminator at the object; the fault is the discriminator field itself.
    const options = 'options' in issue && issue.options !== undefined ? issue.options : [];
    const atField = issue.path.at(-1) === issue.discriminator;
    const field = atField ? value : valueAt(value, [issue.discriminator]);
    const stated = field === undefined ? 'is required' : `got ${show(field)}`;
    const at = atField ? path : [...path, issue.discriminator];
    return [at, `expected ${oneOf(options)}; ${stated}.`];
  }
  // Open the branch whose first complaint is deepest: that is the shape the client was aiming for.
  let best: Issue | undefined;
  let depth = 0;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first !== undefined && first.path.length > depth) {
      best = first;
      depth = first.path.length;
    }
  }
  if (best !== undefined) return describeIssue(best, path, input);
  if (value === undefined) return [path, 'is required.'];
  const expected = issue.errors.flatMap((branch) => {
    const first = branch[0];
    if (first?.code === 'invalid_type') return [typeName(first.expected)];
    if (first?.code === 'invalid_value') return [oneOf(first.values)];
    return [];
  });
  if (expected.length === 0) return [path, 'does not match any accepted shape.'];
  return [path, `expected ${expected.join(' or ')}, got ${show(value)}.`];
}

function typeName(expected: string): string {
  return expected === 'int' ? 'integer' : expected;
}

function tooSmall(issue: z.core.$ZodIssueTooSmall): string {
  const { origin } = issue;
  const minimum = Number(issue.minimum);
  if (origin === 'array' && minimum <= 1) return 'must not be empty.';
  if (origin === 'string' && minimum <= 1) return 'must not be an empty string.';
  if (origin === 'array') return `must have at least ${minimum} items.`;
  if (origin === 'string') return `must be at least ${minimum} characters long.`;
  return issue.inclusive === false ? `must be greater than ${minimum}.` : `must be at least ${minimum}.`;
}

function tooBig(issue: z.core.$ZodIssueTooBig): string {
  const { origin } = issue;
  const maximum = Number(issue.maximum);
  if (origin === 'array') return `must have at most ${maximum} items.`;
  if (origin === 'string') return `must be at most ${maximum} characters long.`;
  return issue.inclusive === false ? `must be less than ${maximum}.` : `must be at most ${maximum}.`;
}

function valueAt(input: unknown, path: Path): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function oneOf(values: ReadonlyArray<unknown>): string {
  return values.length === 1 ? show(values[0]) : `one of ${values.map(show).join(', ')}`;
}

/** A short, safe rendering of a client value for an error message (never the whole body). */
function show(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return kindOf(value);
}
