// Renders a canonical ChatResponse as an OpenAI chat.completion object for an OpenAI client.
// Pure; never sees HTTP. Streams are rendered by chat-stream.ts.
// @see https://platform.openai.com/docs/api-reference/chat/object

import type { ChatResponse, ToolCallPart, Usage } from '../../core/index.js';
import { toOpenAIFinishReason } from './finish-reason.js';
import { toThinkingBlocks } from './thinking-blocks.js';

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export function toOpenAIResponse(response: ChatResponse, model: string): object {
  const text: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: OpenAIToolCall[] = [];
  for (const part of response.content) {
    if (part.type === 'text') text.push(part.text);
    else if (part.type === 'reasoning') reasoning.push(part.text);
    else if (part.type === 'tool-call') toolCalls.push(toOpenAIToolCall(part));
  }
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: text.length > 0 ? text.join('') : null,
    refusal: response.refusal ?? null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  // Not in OpenAI's own schema, but the de facto field OpenAI-compatible servers use for reasoning text.
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('');
  // Signed thinking must go back to Anthropic on the next tool turn; the gateway's field for it.
  const thinkingBlocks = toThinkingBlocks(response.content);
  if (thinkingBlocks.length > 0) message.thinking_blocks = thinkingBlocks;
  return {
    id: response.id,
    object: 'chat.completion',
    created: response.created,
    model,
    choices: [
      { index: 0, message, logprobs: null, finish_reason: toOpenAIFinishReason(response.finishReason) },
    ],
    usage: toOpenAIUsage(response.usage),
  };
}

export function toOpenAIToolCall(part: ToolCallPart): OpenAIToolCall {
  // Arguments are passed on exactly as the model wrote them, valid JSON or not: clients parse them.
  return { id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } };
}

/**
 * Audio tokens go out when the provider reported them (OpenAI's own, or Gemini's by modality), as
 * OpenAI writes them: inside prompt_tokens and completion_tokens, apart in the details.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export function toOpenAIUsage(usage: Usage): object {
  const promptDetails: Record<string, number> = { cached_tokens: usage.cacheReadTokens };
  if (usage.audioInputTokens !== undefined) promptDetails.audio_tokens = usage.audioInputTokens;
  const completionDetails: Record<string, number> = { reasoning_tokens: usage.reasoningTokens ?? 0 };
  if (usage.audioOutputTokens !== undefined) completionDetails.audio_tokens = usage.audioOutputTokens;
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: promptDetails,
    completion_tokens_details: completionDetails,
  };
}
