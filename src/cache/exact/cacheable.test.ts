import { describe, expect, it } from 'vitest';
import { uncacheable } from './cacheable.js';

describe('uncacheable', () => {
  it('refuses answers a cached response cannot carry', () => {
    expect(uncacheable('openai', { n: 2 })).toBe('n greater than 1');
    expect(uncacheable('openai', { logprobs: true })).toBe('logprobs');
    expect(uncacheable('openai', { top_logprobs: 3 })).toBe('logprobs');
    expect(uncacheable('openai', { modalities: ['text', 'audio'] })).toBe('audio output');
    expect(uncacheable('openai', { web_search_options: {} })).toBe('web search annotations');
    expect(uncacheable('anthropic', { tools: [{ name: 'f' }, { type: 'web_search_20250305' }] })).toBe(
      'server tools (web_search_20250305)',
    );
    expect(
      uncacheable('anthropic', {
        messages: [{ role: 'user', content: [{ type: 'document', citations: { enabled: true } }] }],
      }),
    ).toBe('citations');
  });

  it('allows ordinary requests', () => {
    expect(uncacheable('openai', { n: 1, logprobs: false, top_logprobs: null })).toBeUndefined();
    expect(
      uncacheable('anthropic', { n: 2, tools: [{ name: 'f' }, { type: 'custom', name: 'g' }] }),
    ).toBeUndefined();
    expect(uncacheable('anthropic', { messages: [{ role: 'user', content: 'hi' }] })).toBeUndefined();
  });
});
