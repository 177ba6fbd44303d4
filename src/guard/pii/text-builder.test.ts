import { describe, expect, it } from 'vitest';
import { TextBuilder } from './text-builder.js';

describe('TextBuilder', () => {
  it('appends stretches of texts and numbers, growing past its capacity', () => {
    const builder = new TextBuilder(4);
    const text = 'card 4111 1111 1111 1111, ok';
    builder.append(text, 0, 5);
    builder.append('[CARD_');
    builder.appendNumber(0);
    builder.appendNumber(10);
    builder.appendNumber(1000);
    builder.append('|');
    builder.appendNumber(1234567);
    builder.append(']');
    builder.append(text, 24);
    builder.append(text, 26, 99);
    expect(builder.toString()).toBe('card [CARD_0101000|1234567], okok');
  });

  it('copies code units as they are: other scripts, emoji and a lone surrogate', () => {
    const builder = new TextBuilder(0);
    const text = 'müller 日本 😀 \ud800 end';
    builder.append(text, 0, 7);
    builder.append(text, 7);
    expect(builder.toString()).toBe(text);
  });
});
