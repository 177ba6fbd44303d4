// Tool calls checked against the tools the request declared: the called tool must be one of them
// and its arguments must parse as JSON and match the tool's parameter schema (OpenAI's
// `function.parameters`, Anthropic's `input_schema`). A model that invents a tool or an argument
// breaks the caller's code as surely as malformed structured output does.

import type { Dialect } from '../core/index.js';
import { isRecord } from '../core/is-record.js';
import { checkValue, type AnswerCheck } from './json-answer.js';

/** A tool's parameter schema when it declared none: any JSON object. */
const anyObject = { type: 'object' };

/**
 * The parameter schema of each tool the request declared, by name; undefined when it declared no
 * tool whose calls can be checked (OpenAI's free-form custom tools and Anthropic's server tools,
 * such as web search, are run by someone else and not checked).
 */
export function requestedToolSchemas(
  dialect: Dialect,
  body: Readonly<Record<string, unknown>>,
): Map<string, object> | undefined {
  if (!Array.isArray(body.tools)) return undefined;
  const schemas = new Map<string, object>();
  for (const tool of body.tools as unknown[]) {
    if (!isRecord(tool)) continue;
    if (dialect === 'openai') {
      const declared = tool.function;
      if (tool.type !== 'function' || !isRecord(declared) || typeof declared.name !== 'string') continue;
      schemas.set(declared.name, isRecord(declared.parameters) ? declared.parameters : anyObject);
    } else {
      if (typeof tool.name !== 'string' || (tool.type !== undefined && tool.type !== 'custom')) continue;
      schemas.set(tool.name, isRecord(tool.input_schema) ? tool.input_schema : anyObject);
    }
  }
  return schemas.size === 0 ? undefined : schemas;
}

export interface ToolCall {
  name: string;
  /** As the model produced them: a JSON text, not necessarily valid. */
  arguments: string;
}

/** Every call must name a declared tool and carry arguments matching its schema. */
export function checkToolCalls(
  schemas: ReadonlyMap<string, object>,
  calls: readonly ToolCall[],
): AnswerCheck {
  const problems: string[] = [];
  for (const call of calls) {
    const problem = callProblem(schemas, call);
    if (problem !== undefined) problems.push(problem);
  }
  return problems.length === 0 ? { valid: true } : { valid: false, problems: problems.join('; ') };
}

/** What is wrong with one call, or undefined. */
export function callProblem(schemas: ReadonlyMap<string, object>, call: ToolCall): string | undefined {
  const schema = schemas.get(call.name);
  if (schema === undefined) {
    const known = [...schemas.keys()].slice(0, 10).join(', ');
    return `the tool "${call.name.slice(0, 100)}" does not exist (the tools are: ${known})`;
  }
  let value: unknown;
  try {
    value = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch (error) {
    return `the arguments of ${call.name} are not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const checked = checkValue(schema, value, 'the arguments');
  return checked.valid ? undefined : `${call.name}: ${checked.problems}`;
}
