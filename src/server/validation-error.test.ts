import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { formatParam, invalidRequest, toValidationError } from './validation-error.js';

function firstError(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a failure');
  return toValidationError(result.error, input);
}

describe('formatParam', () => {
  it('writes paths the way OpenAI names parameters', () => {
    expect(formatParam(['messages', 2, 'content', 0, 'type'])).toBe('messages[2].content[0].type');
    expect(formatParam(['model'])).toBe('model');
    expect(formatParam([])).toBe('');
    expect(formatParam([0, 'x'])).toBe('[0].x');
  });
});

describe('toValidationError', () => {
  it('names the parameter and keeps it in the error for OpenAI clients', () => {
    const error = invalidRequest(['a', 1], 'is wrong.');
    expect(error).toMatchObject({ code: 'invalid_request', status: 400, param: 'a[1]' });
    expect(error.message).toBe("Invalid 'a[1]': is wrong.");
    expect(invalidRequest([], 'Bad body.').param).toBeUndefined();
  });

  it('describes bounds on strings, arrays and numbers', () => {
    const schema = z.object({
      name: z.string().min(3).max(5),
      list: z.array(z.number()).min(2).max(3),
      ratio: z.number().gt(0).lt(1),
    });
    expect(firstError(schema, { name: 'ab', list: [1, 2], ratio: 0.5 }).message).toMatch(
      /at least 3 characters/,
    );
    expect(firstError(schema, { name: 'abcdef', list: [1, 2], ratio: 0.5 }).message).toMatch(
      /at most 5 characters/,
    );
    expect(firstError(schema, { name: 'abc', list: [1], ratio: 0.5 }).message).toMatch(/at least 2 items/);
    expect(firstError(schema, { name: 'abc', list: [1, 2, 3, 4], ratio: 0.5 }).message).toMatch(
      /at most 3 items/,
    );
    expect(firstError(schema, { name: 'abc', list: [1, 2], ratio: 0 }).message).toMatch(/greater than 0/);
    expect(firstError(schema, { name: 'abc', list: [1, 2], ratio: 1 }).message).toMatch(/less than 1/);
  });

  it('opens a union at the branch the client was aiming for', () => {
    const schema = z.object({ value: z.union([z.string(), z.array(z.object({ n: z.number() }))]) });
    const error = firstError(schema, { value: [{ n: 1 }, { n: 'two' }] });
    expect(error.param).toBe('value[1].n');
    expect(error.message).toContain("got 'two'");
  });

  it('says what is accepted when no branch got anywhere', () => {
    const schema = z.object({ mode: z.union([z.enum(['a', 'b']), z.object({ c: z.string() })]) });
    expect(firstError(schema, { mode: 5 }).message).toBe(
      "Invalid 'mode': expected one of 'a', 'b' or object, got 5.",
    );
    expect(firstError(schema, {}).message).toBe("Invalid 'mode': is required.");
  });

  it('does not echo objects or long strings back to the client', () => {
    const schema = z.object({ model: z.string() });
    expect(firstError(schema, { model: { secret: 'sk-123' } }).message).not.toContain('sk-123');
    const long = firstError(z.object({ kind: z.enum(['a']) }), { kind: 'k'.repeat(500) });
    expect(long.message.length).toBeLessThan(120);
  });
});
