import { describe, expect, it } from 'vitest';
import { checkJsonAnswer, requestedSchema } from './json-answer.js';

const schema = {
  type: 'object',
  properties: { city: { type: 'string' }, population: { type: 'integer', minimum: 0 } },
  required: ['city', 'population'],
  additionalProperties: false,
};

describe('structured answers', () => {
  it('finds the schema a request asks for, in either dialect', () => {
    expect(
      requestedSchema('openai', {
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema } },
      }),
    ).toBe(schema);
    expect(requestedSchema('openai', { response_format: { type: 'json_object' } })).toBeUndefined();
    expect(requestedSchema('anthropic', { output_config: { format: { type: 'json_schema', schema } } })).toBe(
      schema,
    );
    expect(requestedSchema('anthropic', {})).toBeUndefined();
  });

  it('accepts a matching answer and says what is wrong with others', () => {
    expect(checkJsonAnswer(schema, '{"city":"Paris","population":2100000}')).toEqual({ valid: true });
    expect(checkJsonAnswer(schema, 'Paris, about 2 million')).toMatchObject({
      valid: false,
      problems: expect.stringMatching(/^it is not JSON/),
    });
    const wrong = checkJsonAnswer(schema, '{"city":"Paris","population":-3,"mayor":"x"}');
    expect(wrong).toMatchObject({ valid: false });
    expect((wrong as { problems: string }).problems).toMatch(/\/population must be >= 0/);
    expect((wrong as { problems: string }).problems).toMatch(/must NOT have additional properties/);
  });

  it('does not judge an answer against a schema it cannot compile', () => {
    expect(checkJsonAnswer({ type: 'no-such-type' }, '{}')).toEqual({ valid: true });
  });
});
