import { describe, expect, it } from 'vitest';
import { uncacheable } from './cacheable.js';

describe('uncacheable', () => {
  it('refuses answers a cached response cannot carry', () => {
    expect(uncacheable('openai', { n: 2 })).toBe('n > 1');
    expect(uncacheable('openai', { logprobs: true })).toBe('logprobs');
    expect(uncacheable('openai', { top_logprobs: 3 })).toBe('logprobs');
  });

  it('allows ordinary requests', () => {
    expect(uncacheable('openai', { n: 1, logprobs: false })).toBeUndefined();
    expect(uncacheable('anthropic', { n: 2 })).toBeUndefined();
  });
});
