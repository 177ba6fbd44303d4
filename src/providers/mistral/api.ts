// Mistral chat, stream and embeddings wire types. Request bodies are the official SDK's own
// snake_case `$Outbound` types; the SDK declares responses in camelCase only, so their wire
// (snake_case) form is written here on top of the SDK's enums and outbound parts. No runtime code.

import type {
  AssistantMessage$Outbound,
  ChatCompletionRequest$Outbound,
  ChatCompletionResponse,
  CompletionChunk,
  ContentChunk$Outbound,
  EmbeddingRequest$Outbound,
  EmbeddingResponse,
  FinishReason,
  ImageURLChunk$Outbound,
  ResponseFormat$Outbound,
  SystemMessage$Outbound,
  TextChunk$Outbound,
  Tool$Outbound,
  ToolCall$Outbound,
  ToolChoice$Outbound,
  ToolChoiceEnum,
  ToolMessage$Outbound,
  UsageInfo$Outbound,
  UserMessage$Outbound,
} from '@mistralai/mistralai/models/components/index.js';
import type { HTTPValidationErrorData } from '@mistralai/mistralai/models/errors/httpvalidationerror.js';

export type {
  ContentChunk$Outbound,
  EmbeddingRequest$Outbound,
  ImageURLChunk$Outbound,
  ResponseFormat$Outbound,
  SystemMessage$Outbound,
  TextChunk$Outbound,
  Tool$Outbound,
  ToolChoice$Outbound,
  ToolChoiceEnum,
  ToolMessage$Outbound,
  UserMessage$Outbound,
};

/**
 * A tool call on the wire. `index` is optional in answers (the SDK's outbound default is 0).
 * @see https://docs.mistral.ai/capabilities/function_calling/
 */
export type MistralToolCall = Omit<ToolCall$Outbound, 'index'> & { index?: number };

/** An assistant message; `prefix` (answer continues this text) is sent only when true. */
export type MistralAssistantMessage = Omit<AssistantMessage$Outbound, 'prefix' | 'tool_calls'> & {
  prefix?: boolean;
  tool_calls?: MistralToolCall[] | null;
};

export type MistralMessage =
  SystemMessage$Outbound | UserMessage$Outbound | MistralAssistantMessage | ToolMessage$Outbound;

/**
 * The chat request body, as the SDK sends it, with the assistant message above.
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 */
export type MistralChatBody = Omit<ChatCompletionRequest$Outbound, 'messages' | 'tool_choice'> & {
  messages: MistralMessage[];
  tool_choice?: ToolChoiceEnum | ToolChoice$Outbound;
};

/**
 * Usage; cached prompt tokens (a subset of prompt_tokens) arrive under any of three names.
 * @see https://docs.mistral.ai/studio-api/conversations/advanced/prompt-caching
 */
export type MistralUsage = UsageInfo$Outbound & {
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  prompt_token_details?: { cached_tokens?: number | null } | null;
  num_cached_tokens?: number | null;
};

/** @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post */
export type MistralChatCompletion = Omit<ChatCompletionResponse, 'usage' | 'choices'> & {
  usage: MistralUsage;
  choices: Array<{ index: number; message: MistralAssistantMessage; finish_reason: FinishReason }>;
};

/** One streamed delta: content may be text or, for reasoning models, typed chunks. */
export interface MistralDelta {
  role?: string | null;
  content?: string | ContentChunk$Outbound[] | null;
  tool_calls?: MistralToolCall[] | null;
}

/** @see https://docs.mistral.ai/api/#tag/chat/operation/stream_chat */
export type MistralChunk = Omit<CompletionChunk, 'usage' | 'choices'> & {
  usage?: MistralUsage;
  choices: Array<{
    index: number;
    delta: MistralDelta;
    // The chat enum: the SDK's stream enum lacks `model_length`, which streams end with too.
    finish_reason: FinishReason | null;
  }>;
};

/** @see https://docs.mistral.ai/api/#tag/embeddings */
export type MistralEmbeddingsResponse = Omit<EmbeddingResponse, 'usage'> & { usage: MistralUsage };

/**
 * Mistral's error envelope. `message` is a string, or a validation report for 422s; `code` is a
 * string such as "3280" (or null). Rate limits in front of the API answer `{"message": "..."}` only.
 * @see https://docs.mistral.ai/api/
 */
export interface MistralErrorBody {
  object: 'error';
  message: string | HTTPValidationErrorData;
  type: string;
  param: string | null;
  code: string | null;
  raw_status_code?: number;
}

/** A bare FastAPI-style validation answer (status 422). */
export type MistralValidationBody = Required<HTTPValidationErrorData>;
