import { describe, it, expect } from 'vitest';
import type { FinishReason } from '../../core/index.js';
import { fromOpenAIFinishReason, toOpenAIFinishReason } from './finish-reason.js';

const canonicalReasons: FinishReason[] = [
  'stop',
  'length',
  'tool-calls',
  'content-filter',
  'stop-sequence',
  'pause',
  'refusal',
  'other',
];

describe('OpenAI finish reasons', () => {
  it('renders every canonical reason as one the OpenAI SDK knows', () => {
    const known = ['stop', 'length', 'tool_calls', 'content_filter', 'function_call'];
    for (const reason of canonicalReasons) expect(known).toContain(toOpenAIFinishReason(reason));
  });

  it('round-trips the reasons OpenAI itself has', () => {
    for (const reason of ['stop', 'length', 'tool_calls', 'content_filter'] as const) {
      expect(toOpenAIFinishReason(fromOpenAIFinishReason(reason))).toBe(reason);
    }
  });

  it('maps the canonical reasons OpenAI lacks to their nearest meaning', () => {
    expect(toOpenAIFinishReason('stop-sequence')).toBe('stop');
    expect(toOpenAIFinishReason('refusal')).toBe('content_filter');
    expect(toOpenAIFinishReason('tool-calls')).toBe('tool_calls');
  });

  it('reads legacy and unknown reasons without failing', () => {
    expect(fromOpenAIFinishReason('function_call')).toBe('tool-calls');
    expect(fromOpenAIFinishReason('eos')).toBe('other');
    expect(fromOpenAIFinishReason(null)).toBe('other');
    expect(fromOpenAIFinishReason(undefined)).toBe('other');
  });
});
