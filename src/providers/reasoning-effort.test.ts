import { describe, expect, it } from 'vitest';
import { acceptsReasoningEffort, toReasoningEffort, toThinkingBudget } from './reasoning-effort.js';

describe('toThinkingBudget', () => {
  it('maps every effort level to the documented budget', () => {
    expect(toThinkingBudget('minimal')).toBe(1024);
    expect(toThinkingBudget('low')).toBe(4096);
    expect(toThinkingBudget('medium')).toBe(8192);
    expect(toThinkingBudget('high')).toBe(16_384);
    expect(toThinkingBudget('xhigh')).toBe(32_768);
  });

  it("leaves thinking off for 'none' and for levels it does not know", () => {
    expect(toThinkingBudget('none')).toBeUndefined();
    expect(toThinkingBudget('extreme')).toBeUndefined();
    expect(toThinkingBudget('constructor')).toBeUndefined();
  });
});

describe('toReasoningEffort', () => {
  it('picks the nearest level on a doubling scale, never minimal', () => {
    expect(toReasoningEffort(1024)).toBe('low');
    expect(toReasoningEffort(4096)).toBe('low');
    expect(toReasoningEffort(5792)).toBe('low');
    expect(toReasoningEffort(5793)).toBe('medium');
    expect(toReasoningEffort(8192)).toBe('medium');
    expect(toReasoningEffort(11_585)).toBe('medium');
    expect(toReasoningEffort(11_586)).toBe('high');
    expect(toReasoningEffort(64_000)).toBe('high');
  });

  it('round-trips the levels it produces', () => {
    for (const level of ['low', 'medium', 'high'] as const) {
      expect(toReasoningEffort(toThinkingBudget(level) ?? 0)).toBe(level);
    }
  });
});

describe('acceptsReasoningEffort', () => {
  it('knows the OpenAI reasoning families, with or without a vendor prefix', () => {
    for (const model of ['o1', 'o3-mini', 'o4-mini-2025-04-16', 'gpt-5', 'gpt-5-mini', 'openai/o3']) {
      expect(acceptsReasoningEffort(model)).toBe(true);
    }
  });

  it('refuses chat models, which reject the parameter', () => {
    for (const model of [
      'gpt-4o',
      'gpt-4.1-mini',
      'gpt-5-chat-latest',
      'omni-moderation-latest',
      'claude-3',
    ]) {
      expect(acceptsReasoningEffort(model)).toBe(false);
    }
  });
});
