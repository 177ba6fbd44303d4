// Generates docs/config.schema.json from the zod schema, for editor completion and validation of
// switchyard.yaml. Run `npx tsx src/config/write-json-schema.ts` after changing the schema; a test
// fails while the committed file is stale. Writes only that one file.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { gatewayConfigSchema } from './config-schema.js';

export const schemaFile = fileURLToPath(new URL('../../docs/config.schema.json', import.meta.url));

// A `${VAR}` reference is a string until interpolated, so typed slots must accept one too.
const envReference = { type: 'string', pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}' };

/** The schema as JSON text, exactly as it is committed. */
export function configJsonSchemaText(): string {
  const schema = z.toJSONSchema(gatewayConfigSchema, {
    io: 'input',
    target: 'draft-2020-12',
    override: ({ zodSchema, jsonSchema }) => {
      const json = jsonSchema as Record<string, unknown>;
      restoreDefault(zodSchema._zod.def, json);
      dropSafeIntegerBounds(json);
      allowEnvReference(json);
    },
  });
  const document = { ...schema, title: 'switchyard.yaml' };
  return `${JSON.stringify(document, null, 2)}\n`;
}

// In input mode zod leaves out a default that sits over a transform (port, timeouts, ...), yet
// those defaults are valid input too, and editors show them.
function restoreDefault(definition: unknown, jsonSchema: Record<string, unknown>): void {
  const wrapper = definition as { type?: string; defaultValue?: unknown };
  if (wrapper.type === 'default' && jsonSchema.default === undefined && isPlain(wrapper.defaultValue)) {
    jsonSchema.default = wrapper.defaultValue;
  }
}

function isPlain(value: unknown): boolean {
  return ['number', 'string', 'boolean'].includes(typeof value);
}

// z.int() states the safe-integer range on every field; it says nothing a reader needs.
function dropSafeIntegerBounds(jsonSchema: Record<string, unknown>): void {
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
}

function allowEnvReference(jsonSchema: Record<string, unknown>): void {
  const type = jsonSchema.type;
  if (type !== 'integer' && type !== 'number' && type !== 'boolean') return;
  const { description, default: defaultValue, ...typed } = jsonSchema;
  for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
  if (description !== undefined) jsonSchema.description = description;
  if (defaultValue !== undefined) jsonSchema.default = defaultValue;
  jsonSchema.anyOf = [typed, envReference];
}

export function writeJsonSchema(file: string = schemaFile): void {
  writeFileSync(file, configJsonSchemaText());
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeJsonSchema();
  process.stdout.write(`wrote ${path.relative(process.cwd(), schemaFile)}\n`);
}
