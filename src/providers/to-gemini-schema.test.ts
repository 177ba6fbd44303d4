import { describe, expect, it } from 'vitest';
import { toGeminiSchema } from './to-gemini-schema.js';

describe('toGeminiSchema', () => {
  it('strips keywords Gemini rejects and upper-cases types', () => {
    expect(
      toGeminiSchema({
        $schema: 'http://json-schema.org/draft-07/schema#',
        $id: 'https://example.com/weather',
        type: 'object',
        additionalProperties: false,
        examples: [{ city: 'Oslo' }],
        properties: {
          city: { type: 'string', description: 'City name', minLength: 1, format: 'email' },
          when: { type: 'string', format: 'date-time' },
          days: { type: 'integer', minimum: 1, maximum: 7, exclusiveMaximum: 8 },
        },
        required: ['city', 'ghost'],
      }),
    ).toEqual({
      type: 'OBJECT',
      properties: {
        city: { type: 'STRING', description: 'City name', minLength: '1' },
        when: { type: 'STRING', format: 'date-time' },
        days: { type: 'INTEGER', minimum: 1, maximum: 7 },
      },
      required: ['city'],
    });
  });

  it('turns null unions into nullable, oneOf into anyOf and const into a one-value enum', () => {
    expect(toGeminiSchema({ type: ['string', 'null'] })).toEqual({ type: 'STRING', nullable: true });
    expect(toGeminiSchema({ anyOf: [{ type: 'number' }, { type: 'null' }] })).toEqual({
      type: 'NUMBER',
      nullable: true,
    });
    expect(toGeminiSchema({ oneOf: [{ type: 'string' }, { type: 'integer' }] })).toEqual({
      anyOf: [{ type: 'STRING' }, { type: 'INTEGER' }],
    });
    expect(toGeminiSchema({ type: ['string', 'boolean'] })).toEqual({
      anyOf: [{ type: 'STRING' }, { type: 'BOOLEAN' }],
    });
    expect(toGeminiSchema({ const: 'celsius' })).toEqual({ type: 'STRING', enum: ['celsius'] });
    expect(toGeminiSchema({ type: 'integer', enum: [1, 2] })).toEqual({ type: 'INTEGER' });
  });

  it('inlines local $refs and survives cycles and hostile depth', () => {
    const schema = {
      type: 'object',
      $defs: { node: { type: 'object', properties: { next: { $ref: '#/$defs/node' } } } },
      properties: {
        head: { $ref: '#/$defs/node', description: 'first' },
        bad: { $ref: 'https://evil.example/x' },
      },
    };
    const converted = toGeminiSchema(schema);
    expect(converted.properties?.head).toMatchObject({
      type: 'OBJECT',
      description: 'first',
      properties: { next: { type: 'OBJECT' } },
    });
    expect(converted.properties?.bad).toEqual({});
    expect(converted).not.toHaveProperty('$defs');
    let deep: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 10_000; level++) deep = { type: 'array', items: deep };
    expect(() => toGeminiSchema(deep)).not.toThrow();
  });

  it('takes the first item of a tuple and never mutates its input', () => {
    const schema = { type: 'array', items: [{ type: 'string' }, { type: 'number' }], minItems: 2 };
    const copy = structuredClone(schema);
    expect(toGeminiSchema(schema)).toEqual({ type: 'ARRAY', items: { type: 'STRING' }, minItems: '2' });
    expect(schema).toEqual(copy);
  });
});
