import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { configJsonSchemaText, schemaFile } from './write-json-schema.js';

describe('docs/config.schema.json', () => {
  it('matches the zod schema (run `npx tsx src/config/write-json-schema.ts` when this fails)', () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(configJsonSchemaText());
  });

  it('rejects unknown keys and lets typed fields take a ${VAR} reference', () => {
    const schema = JSON.parse(configJsonSchemaText());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.server.additionalProperties).toBe(false);
    const port = schema.properties.server.properties.port;
    expect(port.default).toBe(8787);
    expect(port.anyOf).toEqual([
      { type: 'integer', minimum: 0, maximum: 65535 },
      { type: 'string', pattern: expect.any(String) },
    ]);
    const pattern = new RegExp(port.anyOf[1].pattern);
    expect(pattern.test('${PORT}')).toBe(true);
    expect(pattern.test('${PORT:-8080}')).toBe(true);
    expect(pattern.test('8080')).toBe(false);
  });
});
