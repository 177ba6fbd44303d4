import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../core/index.js';
import { GatewayError } from '../errors.js';
import type { ChatPayload } from '../providers/provider.js';
import { applyModelRules } from './apply-model-rules.js';
import { shippedCatalog } from './model-catalog.js';
import { rulesFor, type ModelRules } from './model-rules.js';

function rules(type: Parameters<typeof shippedCatalog.lookup>[0], model: string): ModelRules {
  const compiled = rulesFor(shippedCatalog.lookup(type, model));
  if (compiled === undefined) throw new Error(`no rules for ${model}`);
  return compiled;
}

const native = (body: Record<string, unknown>, headers: Record<string, string> = {}): ChatPayload => ({
  kind: 'native',
  body,
  headers,
});

function canonical(fields: Partial<ChatRequest>): ChatPayload {
  return {
    kind: 'canonical',
    request: { model: 'm', system: [], messages: [], stream: false, streamUsage: false, ...fields },
  };
}

describe('OpenAI reasoning models (same dialect)', () => {
  it('renames max_tokens, drops sampling parameters, and says so', () => {
    const body = {
      model: 'o3-mini',
      messages: [],
      max_tokens: 500,
      temperature: 0.2,
      top_p: 0.9,
      presence_penalty: 1,
      stream: true,
      future_field: 'kept',
    };
    const result = applyModelRules(native(body), rules('openai', 'o3-mini'));
    expect(result.payload).toEqual(
      native({
        model: 'o3-mini',
        messages: [],
        max_completion_tokens: 500,
        stream: true,
        future_field: 'kept',
      }),
    );
    expect(result.warning).toBe(
      'renamed max_tokens to max_completion_tokens: required by o3-mini, dropped temperature: not supported by o3-mini, ' +
        'dropped top_p: not supported by o3-mini, dropped presence_penalty: not supported by o3-mini',
    );
    // The client's body is never mutated: a fallback target may need it as it was.
    expect(body.max_tokens).toBe(500);
    expect(body.temperature).toBe(0.2);
  });

  it('keeps max_completion_tokens when both are sent, and drops nulls silently', () => {
    const result = applyModelRules(
      native({ max_tokens: 10, max_completion_tokens: 20, temperature: null }),
      rules('openai', 'gpt-5-mini'),
    );
    expect(result.payload).toEqual(native({ max_completion_tokens: 20 }));
    expect(result.warning).toBe(
      'dropped max_tokens: gpt-5-mini takes max_completion_tokens, which is also set',
    );
  });

  it('returns the same payload object and no warning when nothing applies', () => {
    const payload = native({ model: 'o3', max_completion_tokens: 10 });
    const result = applyModelRules(payload, rules('openai', 'o3'));
    expect(result.payload).toBe(payload);
    expect(result.warning).toBeUndefined();
  });

  it('drops temperature from a canonical request (an Anthropic client on o4-mini)', () => {
    const result = applyModelRules(
      canonical({ temperature: 0.5, maxTokens: 100, topP: 0.5 }),
      rules('openai', 'o4-mini'),
    );
    expect(result.payload).toEqual(canonical({ maxTokens: 100 }));
    expect(result.warning).toBe(
      'dropped temperature: not supported by o4-mini, dropped top_p: not supported by o4-mini',
    );
  });
});

describe('Anthropic models with extended thinking', () => {
  const thinking = { type: 'enabled', budget_tokens: 2048 };

  it('drops temperature other than 1, top_k, and top_p below 0.95', () => {
    const result = applyModelRules(
      native({ max_tokens: 4096, thinking, temperature: 0.3, top_k: 5, top_p: 0.5 }),
      rules('anthropic', 'claude-sonnet-4-20250514'),
    );
    expect(result.payload).toEqual(native({ max_tokens: 4096, thinking }));
    expect(result.warning).toBe(
      'dropped temperature: claude-sonnet-4 with thinking takes only 1, dropped top_k: not supported by claude-sonnet-4 with thinking, ' +
        'dropped top_p: claude-sonnet-4 with thinking takes 0.95 to 1',
    );
  });

  it('keeps allowed values, and leaves requests without thinking alone', () => {
    const sonnet = rules('anthropic', 'claude-sonnet-4-5');
    const allowed = native({ max_tokens: 10, thinking, temperature: 1, top_p: 0.97 });
    expect(applyModelRules(allowed, sonnet)).toEqual({ payload: allowed, warning: undefined });
    const plain = native({ max_tokens: 10, temperature: 0.3, top_k: 5, thinking: { type: 'disabled' } });
    expect(applyModelRules(plain, sonnet).payload).toBe(plain);
  });

  it('applies to canonical requests with a reasoning budget (an OpenAI client on Claude via Bedrock)', () => {
    const result = applyModelRules(
      canonical({ reasoningBudget: 2048, temperature: 0.2, topK: 3 }),
      rules('bedrock', 'anthropic.claude-opus-4-1-20250805-v1:0'),
    );
    expect(result.payload).toEqual(canonical({ reasoningBudget: 2048 }));
    expect(result.warning).toContain('dropped temperature: claude-opus-4-1 with thinking takes only 1');
  });

  it('treats an OpenAI reasoning_effort as thinking too, since it becomes a budget for Claude', () => {
    const opus = rules('bedrock', 'anthropic.claude-opus-4-1-20250805-v1:0');
    const result = applyModelRules(canonical({ reasoningEffort: 'medium', temperature: 0.2 }), opus);
    expect(result.payload).toEqual(canonical({ reasoningEffort: 'medium' }));
    const off = canonical({ reasoningEffort: 'none', temperature: 0.2 });
    expect(applyModelRules(off, opus).payload).toBe(off);
  });
});

describe('the maximum output limit', () => {
  it('refuses max_tokens above the model limit with a clear 400 naming it', () => {
    const attempt = () =>
      applyModelRules(native({ max_tokens: 9_000 }), rules('anthropic', 'claude-3-5-haiku-latest'));
    expect(attempt).toThrow(GatewayError);
    expect(attempt).toThrow(
      'max_tokens is 9000, but claude-3-5-haiku can produce at most 8192 output tokens. Lower max_tokens to 8192 or less.',
    );
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_request', status: 400, param: 'max_tokens' });
    }
  });

  it('checks max_completion_tokens and canonical maxTokens too, and accepts the limit itself', () => {
    const gpt = rules('openai', 'gpt-4o');
    expect(() => applyModelRules(native({ max_completion_tokens: 16_385 }), gpt)).toThrow(
      /max_completion_tokens is 16385/,
    );
    expect(() => applyModelRules(canonical({ maxTokens: 20_000 }), gpt)).toThrow(/at most 16384/);
    expect(applyModelRules(native({ max_tokens: 16_384 }), gpt).warning).toBeUndefined();
  });

  it('honours the output-128k beta header on Claude 3.7 Sonnet', () => {
    const sonnet = rules('anthropic', 'claude-3-7-sonnet-20250219');
    const body = { max_tokens: 100_000 };
    expect(() => applyModelRules(native(body), sonnet)).toThrow(/at most 64000/);
    expect(() =>
      applyModelRules(native(body, { 'anthropic-beta': 'output-128k-2025-02-19' }), sonnet),
    ).not.toThrow();
  });
});

describe('rulesFor', () => {
  it('has nothing to do for unknown models or entries without limits or rewrites', () => {
    expect(rulesFor(undefined)).toBeUndefined();
    expect(rulesFor({ id: 'x', providers: { openai: ['x'] } })).toBeUndefined();
    const entry = shippedCatalog.lookup('openai', 'o3');
    expect(rulesFor(entry)).toBe(rulesFor(entry));
  });
});
