import { describe, expect, it } from 'vitest';
import { ContextLookup, looserForm } from './context-lookup.js';
import { hasContextBefore } from './context-words.js';

const cardWords = [/\b(?:card|credit|visa|cc)\b/];

describe('looserForm', () => {
  it('drops word boundaries and adds the global and case-insensitive flags', () => {
    const looser = looserForm(/\b(?:card|soc\.? sec)\b/)!;
    expect(looser.source).toBe('(?:card|soc\\.? sec)');
    expect(looser.flags).toBe('gi');
  });

  it('keeps an escaped backslash and the letter after it', () => {
    expect(looserForm(/a\\b/)!.source).toBe('a\\\\b');
  });

  it('has none for anchors, lookaround, back-references and character classes', () => {
    for (const word of [/\bssn\s*$/, /^ssn/, /(?<!x)ssn/, /ssn(?= )/, /(a)\1/, /[\b]ssn/]) {
      expect(looserForm(word)).toBeNull();
    }
  });
});

describe('ContextLookup', () => {
  // Enough numbers that the text is searched once, and context words at every distance from them,
  // across the window's edges (a word cut by the window's start, one glued to the number).
  const pieces = ['card ', 'xcard ', 'discard ', 'CARD:', 'credit', 'cc', 'the ', 'and ', ' ', '  '];
  const text = Array.from({ length: 4000 }, (_, index) =>
    index % 7 === 0 ? pieces[index % pieces.length]! : `${4_000_000 + index} ${'.'.repeat(index % 53)}`,
  ).join('');
  const starts = [...text.matchAll(/\d+/g)].map((match) => match.index);

  it('answers as hasContextBefore does, for every number of a text it searched', () => {
    const lookup = new ContextLookup(text);
    const answers = starts.map((start) => lookup.before(start, cardWords));
    expect(answers).toEqual(starts.map((start) => hasContextBefore(text, start, cardWords)));
    expect(answers.filter(Boolean).length).toBeGreaterThan(100);
    expect(answers.filter((answer) => !answer).length).toBeGreaterThan(100);
  });

  it('answers as hasContextBefore does with a narrower window and words that have no looser form', () => {
    const anchored = [/\b(?:card|cc)\s*$/];
    const lookup = new ContextLookup(text);
    for (const start of starts) {
      expect(lookup.before(start, cardWords, 12)).toBe(hasContextBefore(text, start, cardWords, 12));
      expect(lookup.before(start, anchored, 12)).toBe(hasContextBefore(text, start, anchored, 12));
    }
  });

  it('answers no without the exact test when no word is within reach', () => {
    const plain = Array.from({ length: 5000 }, (_, index) => `${4_000_000 + index}`).join(' ');
    const lookup = new ContextLookup(plain);
    const counting = { calls: 0 };
    const word = new Proxy(/\bcard\b/, {
      get(target, property) {
        if (property === 'test') counting.calls += 1;
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    for (let start = 0; start < plain.length; start += 8) lookup.before(start, [word]);
    expect(plain.length / 8).toBeGreaterThan(4000);
    // Only the questions before the text was searched reached the exact test.
    expect(counting.calls).toBeLessThan(100);
  });
});
