import { describe, expect, it } from 'vitest';
import { maskValue } from './reversible-redaction.js';
import { scanPii } from './scan-pii.js';
import { StreamScanner } from './stream-scanner.js';

const scanner = (holdBack = 16) => new StreamScanner((text) => scanPii(text), maskValue, holdBack);

function run(deltas: string[], holdBack?: number): { out: string; pieces: string[] } {
  const stream = scanner(holdBack);
  const pieces = deltas.map((delta) => stream.push(delta));
  pieces.push(stream.end());
  return { out: pieces.join(''), pieces };
}

describe('StreamScanner', () => {
  it('masks an entity cut across deltas, letting nothing of it out early', () => {
    const deltas = [
      'Your card is 4111 11',
      '11 1111 1111, and the ',
      'mail is jane@exa',
      'mple.com. Thanks for waiting!',
    ];
    const { out, pieces } = run(deltas);
    expect(out).toBe('Your card is ************1111, and the mail is j***@example.com. Thanks for waiting!');
    expect(pieces.join('|')).not.toMatch(/4111|jane/);
  });

  it('keeps the label of an entity as context even after it was let out', () => {
    const { out } = run(['Here it is, SSN: ', 'x'.repeat(40), ' no, sorry. SSN: 123456789 end.'], 8);
    expect(out).toContain('SSN: [SSN] end.');
  });

  it('lets text through unchanged when there is nothing to find', () => {
    const text = 'The quick brown fox jumps over the lazy dog, again and again and again.';
    expect(run(text.match(/.{1,7}/g)!).out).toBe(text);
  });
});
