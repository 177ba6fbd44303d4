import { describe, expect, it } from 'vitest';
import { gibberishTokens, isDataToken, toGibberishToken } from './gibberish-tokens.js';

describe('gibberishTokens', () => {
  it('maps digits, accents and other scripts to symbols, keeping case', () => {
    expect(toGibberishToken('Café42')).toMatchObject({ symbols: 'Cafe00', shape: 'Aa0' });
    expect(toGibberishToken('similarlyNow.](')).toMatchObject({
      symbols: 'similarlyNow.](',
      shape: 'aAa.](',
    });
  });

  it.each([
    'https://example.com/a?b=c',
    'www.example.org/path',
    'someone@example.com',
    '9f86d081884c7d659a2feaa0c55ad015',
    'QmFzZTY0IHRleHQgaXMgbm90IGdpYmJlcmlzaA==',
    'req_01J0M6V9QG2Z8X3K4T5N6P7R8S',
    '天気がいいですね',
    'Привет',
    'a'.repeat(41),
  ])('treats %j as data, not language', (token) => {
    expect(isDataToken(token)).toBe(true);
  });

  it.each(['hello', 'Straße', 'naïve', 'foo.bar()', '(see'])('reads %j as a word', (token) => {
    expect(isDataToken(token)).toBe(false);
  });

  it('skips fenced code blocks and indented lines', () => {
    const text = 'Fix this:\n```js\nconst x = {a: [1, 2]};\n```\n    return x;\nthanks';
    expect(gibberishTokens(text).map((token) => token.symbols)).toEqual(['Fix', 'this:', 'thanks']);
  });

  it('marks the first word of each line', () => {
    const starts = gibberishTokens('one two\nthree  four\n\nfive').map((token) => token.startsLine);
    expect(starts).toEqual([true, false, true, false, true]);
  });
});
