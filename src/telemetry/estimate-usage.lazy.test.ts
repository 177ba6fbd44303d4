// The tokenizer's tables are tens of megabytes: importing estimate-usage.ts must not load them;
// the first estimate does, once. The mock below only counts loads and hands back the real module.

import { describe, expect, it, vi } from 'vitest';

const loads = vi.hoisted(() => ({ count: 0 }));

vi.mock('gpt-tokenizer/encoding/o200k_base', async (importOriginal) => {
  loads.count++;
  return await importOriginal();
});

describe('the tokenizer loads lazily', () => {
  it('is not loaded by importing the module, then loaded once by the first estimate', async () => {
    const { estimateTokens, estimateUsage, promptText } = await import('./estimate-usage.js');
    promptText({ messages: [{ role: 'user', content: 'Hi' }] }, 'openai');
    expect(await estimateTokens('')).toBe(0);
    expect(loads.count).toBe(0);

    expect(await estimateTokens('Hello, world!')).toBe(4);
    expect(loads.count).toBe(1);
    await estimateUsage({ promptText: 'more', outputText: 'text' });
    expect(loads.count).toBe(1);
  });
});
