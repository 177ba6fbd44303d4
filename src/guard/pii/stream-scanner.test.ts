import { describe, expect, it } from 'vitest';
import { maskValue } from './mask-values.js';
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

  const jwt =
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
  const pieces = (text: string, size: number) => text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!;

  it('holds a token longer than the hold-back whole, so none of it goes out before it is seen', () => {
    const text = `Here is your token: ${jwt} keep it safe.`;
    const { out, pieces: sent } = run(pieces(text, 4), 64);
    expect(out).toBe('Here is your token: [SECRET] keep it safe.');
    expect(sent.join('')).not.toContain('eyJhbGci');
  });

  it('holds an open PEM block until its END line, across its line breaks', () => {
    const body = Array.from(
      { length: 6 },
      () => 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
    ).join('\n');
    const key = `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`;
    const { out } = run(pieces(`The key:\n${key}\nDone.`, 5), 64);
    expect(out).toBe('The key:\n[SECRET]\nDone.');
  });

  it('lets an unbroken run longer than 8 KB go, rather than holding the stream without bound', () => {
    const stream = scanner(64);
    let out = '';
    for (let index = 0; index < 600; index++) out += stream.push('QUJDRA'.repeat(4));
    expect(out.length).toBeGreaterThan(4000);
    expect(out + stream.end()).toBe('QUJDRA'.repeat(2400));
  });
});
