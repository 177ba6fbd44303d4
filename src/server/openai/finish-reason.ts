// OpenAI finish_reason <-> canonical FinishReason, both directions, in one place.
// @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices

import type { FinishReason } from '../../core/index.js';

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export function toOpenAIFinishReason(reason: FinishReason): OpenAIFinishReason {
  switch (reason) {
    case 'stop':
    case 'stop-sequence':
    case 'pause':
    case 'other':
      // OpenAI has no separate reason for these: the model simply stopped.
      return 'stop';
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
    case 'refusal':
      return 'content_filter';
  }
}

const fromOpenAI: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
};

/** Unknown or missing reasons (some compatible servers invent their own) read as 'other'. */
export function fromOpenAIFinishReason(reason: string | null | undefined): FinishReason {
  return typeof reason === 'string' && Object.hasOwn(fromOpenAI, reason) ? fromOpenAI[reason]! : 'other';
}
