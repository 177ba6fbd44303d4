// Reads OpenAI Chat Completions and Embeddings responses into canonical shape. Every field is
// checked before use, so a malformed upstream body becomes a clear error, never a crash.
// Pure translation: no HTTP, no I/O.

import type {
  ChatResponse,
  ContentPart,
  EmbeddingsResponse,
  FinishReason,
  ToolCallPart,
  Usage,
} from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import type { ChatCompletion, CompletionUsage, CreateEmbeddingResponse } from './api.js';
import { synthesizeToolCallId } from '../tool-call-id.js';
import { isRecord } from '../../core/is-record.js';

/**
 * ChatCompletion -> ChatResponse, from the first choice.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function fromChatCompletion(body: unknown): ChatResponse {
  if (!isRecord(body) || !Array.isArray(body.choices)) throw unreadableResponse();
  const choice = firstChoice(body.choices);
  const message = isRecord(choice?.message) ? choice.message : {};
  const response: ChatResponse = {
    id: readString(body.id),
    model: readString(body.model),
    created: readCount(body.created),
    content: fromMessage(message),
    finishReason: fromFinishReason(choice?.finish_reason),
    usage: fromUsage(body.usage),
  };
  if (typeof message.refusal === 'string' && message.refusal !== '') response.refusal = message.refusal;
  return response;
}

/** The choice with index 0 (the only one the canonical shape carries), else the first. */
export function firstChoice(choices: unknown[]): Record<string, unknown> | undefined {
  const records = choices.filter(isRecord);
  return records.find((choice) => choice.index === 0) ?? records[0];
}

/** Text first, then tool calls in the order the model made them. */
function fromMessage(message: Record<string, unknown>): ContentPart[] {
  const content: ContentPart[] = [];
  if (typeof message.content === 'string' && message.content !== '') {
    content.push({ type: 'text', text: message.content });
  }
  const toolCalls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  for (const call of toolCalls) {
    const part = fromToolCall(call);
    if (part !== undefined) content.push(part);
  }
  return content;
}

/**
 * Function tool calls only: custom (free-form) tools have no canonical form. Arguments stay the
 * exact string the model produced. A call without an id (some compatible servers) gets one, since
 * the client must name it in its tool result.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
function fromToolCall(call: unknown): ToolCallPart | undefined {
  if (!isRecord(call) || !isRecord(call.function)) return undefined;
  return {
    type: 'tool-call',
    id: readString(call.id) || synthesizeToolCallId(),
    name: readString(call.function.name),
    arguments: readString(call.function.arguments),
  };
}

/**
 * `function_call` is the deprecated form of a tool call; anything unknown becomes `other`.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
export function fromFinishReason(reason: unknown): FinishReason {
  switch (reason as ChatCompletion.Choice['finish_reason'] | null | undefined) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    case null:
    case undefined:
    default:
      return 'other';
  }
}

/**
 * OpenAI counts cached and audio tokens inside prompt_tokens, reasoning and audio tokens inside
 * completion_tokens, which is the canonical convention already; audio tokens are kept apart because
 * they cost more than text. The upstream object is kept verbatim as `reported`; with no usage object
 * there is nothing to keep, so an absent `reported` means nothing was reported.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 * @see https://platform.openai.com/docs/pricing (audio tokens)
 */
export function fromUsage(value: unknown): Usage {
  const usage = isRecord(value) ? (value as Partial<Record<keyof CompletionUsage, unknown>>) : {};
  const prompt = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const completion = isRecord(usage.completion_tokens_details) ? usage.completion_tokens_details : {};
  const result: Usage = {
    inputTokens: readCount(usage.prompt_tokens),
    outputTokens: readCount(usage.completion_tokens),
    cacheReadTokens: readCount(prompt.cached_tokens),
    cacheWriteTokens: 0,
  };
  if (isCount(completion.reasoning_tokens)) result.reasoningTokens = completion.reasoning_tokens;
  if (isCount(prompt.audio_tokens)) result.audioInputTokens = prompt.audio_tokens;
  if (isCount(completion.audio_tokens)) result.audioOutputTokens = completion.audio_tokens;
  if (isRecord(value)) result.reported = value;
  return result;
}

/**
 * Vectors in input order (by `index`, whatever order the list came in).
 * @see https://platform.openai.com/docs/api-reference/embeddings/object
 */
export function fromEmbeddingsResponse(body: unknown): EmbeddingsResponse {
  if (!isRecord(body) || !Array.isArray(body.data)) throw unreadableResponse();
  const items = (body.data as unknown[]).map((item) => {
    const entry = isRecord(item)
      ? (item as Partial<Record<keyof CreateEmbeddingResponse['data'][number], unknown>>)
      : {};
    if (!isCount(entry.index) || !isVector(entry.embedding)) throw unreadableResponse();
    return { index: entry.index, vector: entry.embedding };
  });
  items.sort((left, right) => left.index - right.index);
  const result: EmbeddingsResponse = {
    model: readString(body.model),
    vectors: items.map((item) => item.vector),
    inputTokens: isRecord(body.usage) ? readCount(body.usage.prompt_tokens) : 0,
  };
  if (isRecord(body.usage)) result.reported = body.usage;
  return result;
}

export function readString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A token count or timestamp: a finite non-negative number, else 0. */
export function readCount(value: unknown): number {
  return isCount(value) ? value : 0;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'number');
}

function unreadableResponse(): GatewayError {
  return new GatewayError('upstream_error', 'The provider returned a response the gateway could not read.');
}
