import { afterEach, describe, expect, it } from 'vitest';
import { estimateTokens } from './estimate-usage.js';
import { TokenCounter } from './token-counter.js';

const counters: TokenCounter[] = [];
afterEach(async () => {
  for (const counter of counters.splice(0)) await counter.close();
});

function counter(idleMs = 30_000): TokenCounter {
  const created = new TokenCounter({ idleMs });
  counters.push(created);
  return created;
}

describe('TokenCounter', () => {
  it('counts in its thread exactly what the tokenizer counts here, fixed tokens included', async () => {
    const tokens = counter();
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(50);
    expect(await tokens.count(text)).toBe(await estimateTokens(text));
    expect(await tokens.count({ text: 'Hello, world!', fixedTokens: 7 })).toBe(4 + 7);
    expect(tokens.running).toBe(true);
  });

  it('answers concurrent counts each with its own result', async () => {
    const tokens = counter();
    const texts = ['one', 'two words', 'three little words', 'a'.repeat(10_000)];
    const counts = await Promise.all(texts.map((text) => tokens.count(text)));
    expect(counts).toEqual(await Promise.all(texts.map((text) => estimateTokens(text))));
  });

  it('starts no thread for empty text, and stops its thread after a quiet spell', async () => {
    const tokens = counter(50);
    expect(await tokens.count({ text: '', fixedTokens: 3 })).toBe(3);
    expect(tokens.running).toBe(false);
    await tokens.count('hello');
    expect(tokens.running).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tokens.running).toBe(false);
    // And starts again when needed.
    expect(await tokens.count('hello')).toBe(1);
  });

  it('fails waiting counts when closed, and counts again after', async () => {
    const tokens = counter();
    const waiting = tokens.count('some text '.repeat(1000)).then(
      () => undefined,
      (error: unknown) => error,
    );
    await tokens.close();
    expect(String(await waiting)).toMatch(/closed/);
    expect(await tokens.count('hello')).toBe(1);
  });
});
