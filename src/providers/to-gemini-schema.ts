// JSON Schema (as OpenAI and Anthropic clients write tool parameters) -> the OpenAPI-subset Schema
// Gemini and Vertex AI accept. Gemini rejects keywords it does not know (`additionalProperties`,
// `$schema`, ...), so only known ones are kept. Pure: never mutates its input, never throws.

import type { GeminiSchema } from './gemini/api.js';

type JsonObject = Record<string, unknown>;

/** Deeper nesting than any real tool schema; guards against hostile or cyclic input. */
const maxDepth = 32;

const typeNames: Readonly<Record<string, NonNullable<GeminiSchema['type']>>> = {
  string: 'STRING',
  number: 'NUMBER',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
  array: 'ARRAY',
  object: 'OBJECT',
};

/** Formats Gemini accepts per type; others ("email", "uri", ...) are rejected upstream. */
const formats: Readonly<Record<string, readonly string[]>> = {
  STRING: ['date-time', 'enum'],
  NUMBER: ['float', 'double'],
  INTEGER: ['int32', 'int64'],
};

/**
 * Convert one schema. Local `$ref`s (`#/$defs/x`, `#/definitions/x`) are inlined, type lists
 * with "null" become `nullable`, `oneOf` becomes `anyOf`, `const` a one-value enum.
 * @see https://ai.google.dev/api/caching#Schema
 * @see https://ai.google.dev/gemini-api/docs/function-calling#function_declarations
 */
export function toGeminiSchema(schema: JsonObject): GeminiSchema {
  return convert(schema, schema, 0);
}

function convert(value: unknown, root: JsonObject, depth: number): GeminiSchema {
  if (!isObject(value) || depth > maxDepth) return {};
  const schema = resolve(value, root, depth);
  const result: GeminiSchema = {};
  const variants = [
    ...(Array.isArray(schema.anyOf) ? schema.anyOf : []),
    ...(Array.isArray(schema.oneOf) ? schema.oneOf : []),
  ];
  if (variants.length > 0) Object.assign(result, fromVariants(variants, root, depth));
  const allOf = Array.isArray(schema.allOf) ? schema.allOf : [];
  if (allOf.length === 1) Object.assign(result, convert(allOf[0], root, depth + 1));
  Object.assign(result, fromType(schema.type));
  copyText(schema, result);
  copyEnum(schema, result);
  copyFormat(schema, result);
  copyBounds(schema, result);
  if (isObject(schema.properties)) {
    const properties: Record<string, GeminiSchema> = {};
    for (const [name, property] of Object.entries(schema.properties)) {
      properties[name] = convert(property, root, depth + 1);
    }
    result.properties = properties;
    result.type ??= 'OBJECT';
    if (Array.isArray(schema.required)) {
      const required = schema.required.filter(
        (name): name is string => typeof name === 'string' && Object.hasOwn(properties, name),
      );
      if (required.length > 0) result.required = required;
    }
  }
  // A tuple (`items: [...]`) has no Gemini form; its first item's schema is the closest.
  const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
  if (items !== undefined) {
    result.items = convert(items, root, depth + 1);
    result.type ??= 'ARRAY';
  }
  return result;
}

/** `{"$ref": "#/$defs/name"}` -> the definition it names (unknown references resolve to `{}`). */
function resolve(schema: JsonObject, root: JsonObject, depth: number): JsonObject {
  if (typeof schema.$ref !== 'string') return schema;
  const match = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(schema.$ref);
  const definitions = match === null ? undefined : root[match[1] ?? ''];
  const target = isObject(definitions) ? definitions[decodeURIComponent(match?.[2] ?? '')] : undefined;
  if (!isObject(target) || depth > maxDepth) return {};
  const { $ref: _ignored, ...siblings } = schema;
  return { ...resolve(target, root, depth + 1), ...siblings };
}

/** `anyOf`/`oneOf`: null branches become `nullable`; one branch left is the schema itself. */
function fromVariants(variants: unknown[], root: JsonObject, depth: number): GeminiSchema {
  const nonNull = variants.filter((variant) => !(isObject(variant) && variant.type === 'null'));
  const result: GeminiSchema = nonNull.length < variants.length ? { nullable: true } : {};
  const converted = nonNull.map((variant) => convert(variant, root, depth + 1));
  const [only] = converted;
  if (converted.length === 1 && only !== undefined) return { ...only, ...result };
  if (converted.length > 1) result.anyOf = converted;
  return result;
}

/** `"type": "string"` or `["string", "null"]`; several non-null types become `anyOf`. */
function fromType(type: unknown): GeminiSchema {
  const names = (Array.isArray(type) ? type : [type]).filter((name) => typeof name === 'string');
  const known = names.flatMap((name) => (Object.hasOwn(typeNames, name) ? [typeNames[name]!] : []));
  const result: GeminiSchema = names.includes('null') ? { nullable: true } : {};
  const [only] = known;
  if (known.length === 1 && only !== undefined) result.type = only;
  else if (known.length > 1) result.anyOf = known.map((name) => ({ type: name }));
  return result;
}

function copyText(schema: JsonObject, result: GeminiSchema): void {
  if (typeof schema.description === 'string') result.description = schema.description;
  if (typeof schema.title === 'string') result.title = schema.title;
}

/** Gemini enums are string-only; `const` is a one-value enum. */
function copyEnum(schema: JsonObject, result: GeminiSchema): void {
  const values = schema.const !== undefined ? [schema.const] : schema.enum;
  if (!Array.isArray(values) || values.length === 0) return;
  if (!values.every((entry) => typeof entry === 'string')) return;
  result.enum = values;
  result.type ??= 'STRING';
}

function copyFormat(schema: JsonObject, result: GeminiSchema): void {
  if (typeof schema.format !== 'string' || result.type === undefined) return;
  if (formats[result.type]?.includes(schema.format) === true) result.format = schema.format;
}

/** Counts are int64 in Google's JSON, which it writes as strings. */
function copyBounds(schema: JsonObject, result: GeminiSchema): void {
  const counts = [
    'minItems',
    'maxItems',
    'minLength',
    'maxLength',
    'minProperties',
    'maxProperties',
  ] as const;
  for (const key of counts) {
    const value = schema[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) result[key] = String(value);
  }
  if (typeof schema.minimum === 'number') result.minimum = schema.minimum;
  if (typeof schema.maximum === 'number') result.maximum = schema.maximum;
  if (typeof schema.pattern === 'string') result.pattern = schema.pattern;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
