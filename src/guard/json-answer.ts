// Structured output checked against the schema the request asked for (OpenAI's response_format
// json_schema, Anthropic's output_config.format): the answer's text must parse as JSON and match.
// Schemas are compiled with Ajv once per distinct schema (a bounded memo: requests of one
// application repeat the same few), and a failure is described in a few lines a model can act on.

import { Ajv, type ValidateFunction } from 'ajv';
import type { Dialect } from '../core/index.js';

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction | Error>();
/** Distinct schemas kept compiled; the oldest goes first. */
const maxCompiled = 256;

/** The JSON Schema a request asks its answer to follow, if any. */
export function requestedSchema(
  dialect: Dialect,
  body: Readonly<Record<string, unknown>>,
): object | undefined {
  if (dialect === 'openai') {
    const format = body.response_format as { type?: unknown; json_schema?: { schema?: unknown } } | undefined;
    const schema = format?.type === 'json_schema' ? format.json_schema?.schema : undefined;
    return typeof schema === 'object' && schema !== null ? schema : undefined;
  }
  const config = body.output_config as { format?: { type?: unknown; schema?: unknown } } | undefined;
  const schema = config?.format?.type === 'json_schema' ? config.format.schema : undefined;
  return typeof schema === 'object' && schema !== null ? schema : undefined;
}

export type AnswerCheck = { valid: true } | { valid: false; problems: string };

export function checkJsonAnswer(schema: object, text: string): AnswerCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      valid: false,
      problems: `it is not JSON (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  return checkValue(schema, value, 'the answer');
}

/** Whether a parsed value matches a schema; problems name paths under `whole` (e.g. "the answer"). */
export function checkValue(schema: object, value: unknown, whole: string): AnswerCheck {
  const validate = validatorFor(schema);
  if (validate instanceof Error) return { valid: true };
  if (validate(value)) return { valid: true };
  const problems = (validate.errors ?? [])
    .slice(0, 8)
    .map(
      (error) => `${error.instancePath === '' ? whole : error.instancePath} ${error.message ?? 'is invalid'}`,
    )
    .join('; ');
  return { valid: false, problems };
}

/** A compiled validator; an Error for a schema Ajv cannot compile (then the answer is not judged). */
function validatorFor(schema: object): ValidateFunction | Error {
  const key = JSON.stringify(schema);
  let found = compiled.get(key);
  if (found === undefined) {
    try {
      found = ajv.compile(schema);
    } catch (error) {
      found = error instanceof Error ? error : new Error(String(error));
    }
    if (compiled.size >= maxCompiled) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, found);
  }
  return found;
}
