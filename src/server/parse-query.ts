// An admin route's query string, validated with a zod schema: a parameter given twice, an unknown
// one or a bad value is a 400 naming the parameter.

import type { z } from 'zod';
import { GatewayError } from '../errors.js';

export function parseQuery<Schema extends z.ZodType>(
  schema: Schema,
  query: URLSearchParams,
): z.output<Schema> {
  const raw: Record<string, string> = {};
  for (const [name, value] of query) {
    if (name in raw) throw new GatewayError('invalid_request', `"${name}" is given twice.`, { param: name });
    raw[name] = value;
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue?.path.join('.') || undefined;
  const message =
    issue?.code === 'unrecognized_keys'
      ? `Unknown query parameter: ${issue.keys.join(', ')}.`
      : `${param ? `${param}: ` : ''}${issue?.message ?? 'invalid query'}`;
  throw new GatewayError('invalid_request', message, { param });
}
