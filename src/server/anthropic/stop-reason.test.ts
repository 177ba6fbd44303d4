import { describe, it, expect } from 'vitest';
import type { FinishReason } from '../../core/index.js';
import { fromAnthropicStopReason, toAnthropicStopReason } from './stop-reason.js';

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

describe('Anthropic stop reasons', () => {
  it('round-trips every reason Anthropic has except the context-window one', () => {
    for (const reason of [
      'end_turn',
      'max_tokens',
      'stop_sequence',
      'tool_use',
      'pause_turn',
      'refusal',
    ] as const) {
      expect(toAnthropicStopReason(fromAnthropicStopReason(reason))).toBe(reason);
    }
  });

  it('treats running out of context window as running out of tokens', () => {
    expect(fromAnthropicStopReason('model_context_window_exceeded')).toBe('length');
  });

  it('renders every canonical reason, OpenAI content filtering as a refusal', () => {
    const rendered = canonicalReasons.map(toAnthropicStopReason);
    expect(new Set(rendered)).toEqual(
      new Set(['end_turn', 'max_tokens', 'tool_use', 'refusal', 'stop_sequence', 'pause_turn']),
    );
    expect(toAnthropicStopReason('content-filter')).toBe('refusal');
    expect(toAnthropicStopReason('other')).toBe('end_turn');
  });

  it('reads null and unknown reasons as other', () => {
    expect(fromAnthropicStopReason(null)).toBe('other');
    expect(fromAnthropicStopReason('compaction')).toBe('other');
  });
});
