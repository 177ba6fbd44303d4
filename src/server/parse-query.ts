// An admin route's query string, validated with a zod schema: a parameter given twice, an unknown
// one or a bad value is a 400 naming the parameter. Also the 400 of any failed zod parse.

import type { z } from 'zod';
import { GatewayError } from '../errors.js';

export function parseQuery<Schema extends z.ZodType>(
  schema: Schema,
  query: URLSearchParams,
): z.output<Schema> {
  // No prototype: a parameter named `constructor` or `toString` is unknown, not "given twice".
  const raw: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of query) {
    if (name in raw) throw new GatewayError('invalid_request', `"${name}" is given twice.`, { param: name });
    raw[name] = value;
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw invalidRequest(result.error, 'query parameter');
}

/** The 400 for a failed zod parse: its first issue, naming the parameter or field (`what`). */
export function invalidRequest(error: z.ZodError, what: string): GatewayError {
  const issue = error.issues[0];
  const param = issue?.path.join('.') || undefined;
  const message =
    issue?.code === 'unrecognized_keys'
      ? `Unknown ${what}: ${issue.keys.join(', ')}.`
      : `${param ? `${param}: ` : ''}${issue?.message ?? `invalid ${what}`}`;
  return new GatewayError('invalid_request', message, { param });
}
