import { describe, expect, it } from 'vitest';
import type { Usage } from '../core/index.js';
import { estimateTokens, estimateUsage, promptText, reportedUsage } from './estimate-usage.js';

describe('estimateTokens', () => {
  // Counts as gpt-tokenizer's o200k_base gives them (checked with the library, not by eye).
  it.each([
    ['', 0],
    ['Hello, world!', 4],
    ['The quick brown fox jumps over the lazy dog.', 10],
    ['héllo wörld 日本語', 7],
    ['The image shows a lighthouse', 5],
  ])('counts %j as %i tokens', async (text, tokens) => {
    expect(await estimateTokens(text)).toBe(tokens);
  });

  it('counts special-token text as plain text instead of refusing it', async () => {
    expect(await estimateTokens('a <|endoftext|> b')).toBe(9);
  });

  it('adds the fixed tokens of a PromptText', async () => {
    expect(await estimateTokens({ text: 'Hello, world!', fixedTokens: 7 })).toBe(11);
    expect(await estimateTokens({ text: '', fixedTokens: 3 })).toBe(3);
  });

  it('counts a long text in slices to the same total as in one piece', async () => {
    // 108,000 characters: several slices, each cut before a space, so no word is split.
    expect(await estimateTokens('lorem ipsum dolor sit amet '.repeat(4_000))).toBe(20_002);
  });

  it('counts a huge whitespace-free run in pieces, in milliseconds rather than seconds', async () => {
    // Whole, this run takes the tokenizer about ten seconds (its merging is quadratic in a run).
    const started = performance.now();
    expect(await estimateTokens('x'.repeat(100_000))).toBe(12_500);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe('estimateUsage', () => {
  it('counts the prompt with its framing and the output, and says it is an estimate', async () => {
    const prompt = promptText(
      { messages: [{ role: 'user', content: 'Summarise the meeting notes.' }] },
      'openai',
    );
    // 'Summarise the meeting notes.' is 7 tokens, plus 3 + 1 for the message and 3 for the reply primer.
    expect(
      await estimateUsage({ promptText: prompt, outputText: 'The team agreed to ship on Friday.' }),
    ).toEqual({
      inputTokens: 14,
      outputTokens: 8,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      source: 'estimated',
    });
  });

  it('takes plain prompt text too', async () => {
    const usage = await estimateUsage({ promptText: 'Hello, world!', outputText: '' });
    expect(usage).toMatchObject({ inputTokens: 4, outputTokens: 0, source: 'estimated' });
  });
});

describe('reportedUsage', () => {
  const figures: Usage = { inputTokens: 10, outputTokens: 2, cacheReadTokens: 4, cacheWriteTokens: 0 };

  it('keeps what the provider reported, its own object included, as source provider', () => {
    const reported = { prompt_tokens: 10, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 4 } };
    expect(reportedUsage({ ...figures, cacheWrite1hTokens: 0, reported })).toEqual({
      ...figures,
      cacheWrite1hTokens: 0,
      reported,
      source: 'provider',
    });
  });

  it('refuses canonical zeros that no provider reported, so they are estimated instead', () => {
    expect(reportedUsage({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 })).toBe(
      undefined,
    );
    expect(reportedUsage(undefined)).toBeUndefined();
  });
});
