// Reads Mistral chat and embeddings answers into canonical shape: text or typed content chunks,
// tool calls, Mistral's finish reasons and usage with cached tokens. Every field is checked before
// use, so a malformed body becomes a clear error, never a crash. Pure: no HTTP, no I/O.

import type { ChatResponse, ContentPart, FinishReason, Usage } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import { firstChoice, readCount, readString } from '../openai/response.js';
import { isRecord } from '../../core/is-record.js';
import type { MistralChatCompletion, MistralUsage } from './api.js';

export { fromEmbeddingsResponse } from '../openai/response.js';

/**
 * Chat completion -> ChatResponse, from the first choice. A `finish_reason` of `error` means the
 * generation failed upstream: it is an error, never a truncated answer passed off as complete.
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 */
export function fromMistralChatCompletion(body: unknown): ChatResponse {
  if (!isRecord(body) || !Array.isArray(body.choices)) throw unreadableResponse();
  const choice = firstChoice(body.choices);
  if (choice?.finish_reason === 'error') throw generationFailed();
  const message = isRecord(choice?.message) ? choice.message : {};
  return {
    id: readString(body.id),
    model: readString(body.model),
    created: readCount(body.created),
    content: [...fromContent(message.content), ...fromToolCalls(message.tool_calls)],
    finishReason: fromMistralFinishReason(choice?.finish_reason),
    usage: fromMistralUsage(body.usage) ?? {
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    },
  };
}

/**
 * Content is a string, or typed chunks: `text`, and `thinking` (reasoning models such as
 * Magistral), whose own parts are text chunks. Other chunk types have no canonical form.
 * @see https://docs.mistral.ai/capabilities/reasoning/
 */
export function fromContent(content: unknown): ContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  const parts: ContentPart[] = [];
  for (const chunk of content as unknown[]) {
    if (!isRecord(chunk)) continue;
    if (chunk.type === 'text' && typeof chunk.text === 'string' && chunk.text !== '') {
      parts.push({ type: 'text', text: chunk.text });
    } else if (chunk.type === 'thinking' && Array.isArray(chunk.thinking)) {
      const text = (chunk.thinking as unknown[])
        .map((inner) => (isRecord(inner) && inner.type === 'text' ? readString(inner.text) : ''))
        .join('');
      if (text !== '') parts.push({ type: 'reasoning', text });
    }
  }
  return parts;
}

/**
 * Arguments are a JSON string on the wire; an object (which the API schema also allows) is
 * serialised so canonical arguments stay text.
 * @see https://docs.mistral.ai/capabilities/function_calling/
 */
function fromToolCalls(value: unknown): ContentPart[] {
  if (!Array.isArray(value)) return [];
  const parts: ContentPart[] = [];
  for (const call of value as unknown[]) {
    if (!isRecord(call) || !isRecord(call.function)) continue;
    const { arguments: raw } = call.function;
    parts.push({
      type: 'tool-call',
      id: readString(call.id),
      name: readString(call.function.name),
      arguments: typeof raw === 'string' ? raw : isRecord(raw) ? JSON.stringify(raw) : '',
    });
  }
  return parts;
}

/**
 * `model_length` means the context window filled up: for the caller, a length stop like any other.
 * `error` never gets here as a finish (see fromMistralChatCompletion and the stream decoder).
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 */
export function fromMistralFinishReason(reason: unknown): FinishReason {
  switch (reason as MistralChatCompletion['choices'][number]['finish_reason'] | null | undefined) {
    case 'stop':
      return 'stop';
    case 'length':
    case 'model_length':
      return 'length';
    case 'tool_calls':
      return 'tool-calls';
    case 'error':
    case null:
    case undefined:
    default:
      return 'other';
  }
}

/**
 * Usage, or undefined when there is none. Cached prompt tokens are part of prompt_tokens (as in
 * the canonical convention); Mistral has used three field names for them, read in this order.
 * Reasoning models (Magistral) report no separate reasoning count: it is inside completion_tokens.
 * The upstream object is kept verbatim as `reported`.
 * @see https://docs.mistral.ai/studio-api/conversations/advanced/prompt-caching
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 */
export function fromMistralUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const usage = value as Partial<Record<keyof MistralUsage, unknown>>;
  const inputTokens = readCount(usage.prompt_tokens);
  const cached =
    cachedTokens(usage.prompt_tokens_details) ??
    (isCount(usage.num_cached_tokens) ? usage.num_cached_tokens : undefined) ??
    cachedTokens(usage.prompt_token_details) ??
    0;
  return {
    inputTokens,
    outputTokens: readCount(usage.completion_tokens),
    cacheReadTokens: Math.min(cached, inputTokens),
    cacheWriteTokens: 0,
    reported: value,
  };
}

function cachedTokens(details: unknown): number | undefined {
  return isRecord(details) && isCount(details.cached_tokens) ? details.cached_tokens : undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

export function generationFailed(): GatewayError {
  return new GatewayError(
    'upstream_error',
    'The provider stopped generating because of an error on its side.',
  );
}

function unreadableResponse(): GatewayError {
  return new GatewayError('upstream_error', 'The provider returned a response the gateway could not read.');
}
