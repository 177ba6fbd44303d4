import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('is the same for objects whose keys come in another order, at any depth', () => {
    const one = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'text' } };
    const two = { a: { c: 'text', d: [1, { x: 1, y: 2 }] }, b: 1 };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    expect(canonicalJson(one)).toBe('{"a":{"c":"text","d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('keeps the order of arrays and tells values apart', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });

  it('drops undefined members as JSON does, and escapes keys and strings', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
    expect(canonicalJson({ 'k"ey': 'va"l\n' })).toBe('{"k\\"ey":"va\\"l\\n"}');
  });
});

describe('canonicalJson, against the obvious definition', () => {
  /** The obvious definition: members sorted by key, each written as JSON (no object to rebuild:
   * an object would put integer-like keys first whatever the order they were added in). */
  const obvious = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map((item) => obvious(item ?? null)).join(',')}]`;
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    const entries = Object.entries(value).filter(([, member]) => member !== undefined);
    entries.sort(([one], [two]) => (one < two ? -1 : 1));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${obvious(member)}`).join(',')}}`;
  };

  it('writes the same text for chat bodies, odd keys and every kind of value', () => {
    const bodies: unknown[] = [
      { model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2, max_tokens: 10 },
      {
        z: 1,
        Z: 2,
        é: 3,
        '\u{1F600}': 4,
        '': 5,
        '10': 6,
        '9': 7,
        a: { c: [true, false, null, 1e21, -0, 5e-324, 0.1, -1.5e-7, Number.NaN, Number.POSITIVE_INFINITY] },
      },
      {
        tools: [
          {
            type: 'function',
            function: { name: 'f', parameters: { type: 'object', properties: { b: {}, a: {} } } },
          },
        ],
      },
      [{ b: 'x"y\\z\n\u2028' }, [], {}, [[[]]], 'plain', 0.1 + 0.2],
      'just a string',
      42,
    ];
    for (const body of bodies) expect(canonicalJson(body)).toBe(obvious(body));
  });
});
