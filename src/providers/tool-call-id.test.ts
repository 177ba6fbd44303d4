import { describe, expect, it } from 'vitest';
import {
  anthropicToolCallIds,
  openaiToolCallIds,
  synthesizeToolCallId,
  toToolCallId,
} from './tool-call-id.js';

describe('toToolCallId', () => {
  it('keeps ids the target accepts, so they survive a round trip', () => {
    expect(toToolCallId('toolu_01A09q90qw90lq917835lq9', anthropicToolCallIds)).toBe(
      'toolu_01A09q90qw90lq917835lq9',
    );
    expect(toToolCallId('call_abc-DEF_123', anthropicToolCallIds)).toBe('call_abc-DEF_123');
    expect(toToolCallId('call_Xyz', openaiToolCallIds)).toBe('call_Xyz');
  });

  it('maps ids with characters Anthropic refuses into its alphabet, the same way every time', () => {
    const id = 'functions.get_weather:0';
    const mapped = toToolCallId(id, anthropicToolCallIds);
    expect(mapped).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(mapped.startsWith('functions_get_weather_0_')).toBe(true);
    expect(toToolCallId(id, anthropicToolCallIds)).toBe(mapped);
  });

  it('never maps two different ids to one, even when only the refused characters differ', () => {
    const dotted = toToolCallId('a.b', anthropicToolCallIds);
    const coloned = toToolCallId('a:b', anthropicToolCallIds);
    expect(dotted).not.toBe(coloned);
    // An already valid id equal to the readable part of a mapped one stays distinct too.
    expect(toToolCallId('a_b', anthropicToolCallIds)).toBe('a_b');
    expect(dotted).not.toBe('a_b');
  });

  it('shortens ids over the length limit to exactly the limit, keeping them distinct', () => {
    const long = `call_${'x'.repeat(60)}`;
    const other = `call_${'x'.repeat(59)}y`;
    const mapped = toToolCallId(long, openaiToolCallIds);
    expect(mapped).toHaveLength(40);
    expect(toToolCallId(other, openaiToolCallIds)).not.toBe(mapped);
    expect(toToolCallId(`${'é'.repeat(70)}`, anthropicToolCallIds)).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it('gives an empty id a valid one rather than sending an empty string', () => {
    expect(toToolCallId('', anthropicToolCallIds)).toMatch(/^[a-zA-Z0-9_-]+$/);
  });
});

describe('synthesizeToolCallId', () => {
  it('makes OpenAI-style ids valid for every provider, never twice the same', () => {
    const first = synthesizeToolCallId();
    const second = synthesizeToolCallId();
    expect(first).toMatch(/^call_[a-f0-9]{24}$/);
    expect(toToolCallId(first, anthropicToolCallIds)).toBe(first);
    expect(toToolCallId(first, openaiToolCallIds)).toBe(first);
    expect(second).not.toBe(first);
  });
});
