// Anthropic stop_reason <-> canonical FinishReason, both directions, in one place.
// @see https://docs.anthropic.com/en/api/handling-stop-reasons

import type { FinishReason } from '../../core/index.js';

export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

export function toAnthropicStopReason(reason: FinishReason): AnthropicStopReason {
  switch (reason) {
    case 'stop':
    case 'other':
      return 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'stop-sequence':
      return 'stop_sequence';
    case 'tool-calls':
      return 'tool_use';
    case 'pause':
      return 'pause_turn';
    case 'content-filter':
    case 'refusal':
      // Anthropic has no content-filter reason; a refusal is what its clients check for.
      return 'refusal';
  }
}

const fromAnthropic: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  stop_sequence: 'stop-sequence',
  tool_use: 'tool-calls',
  pause_turn: 'pause',
  refusal: 'refusal',
};

/** Unknown or missing reasons (newer API versions add some) read as 'other'. */
export function fromAnthropicStopReason(reason: string | null | undefined): FinishReason {
  return typeof reason === 'string' && Object.hasOwn(fromAnthropic, reason)
    ? fromAnthropic[reason]!
    : 'other';
}
