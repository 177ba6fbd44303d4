// OpenAI Chat Completions and Embeddings wire types, taken type-only from the official SDK so
// they cannot drift from the real format. Only the error envelope, which the SDK does not
// declare as a type, is written here. No runtime code.

import type { ErrorObject } from 'openai/resources/shared';

export type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionContentPart,
  ChatCompletionContentPartImage,
  ChatCompletionContentPartText,
  ChatCompletionCreateParams,
  ChatCompletionMessage,
  ChatCompletionMessageParam,
  ChatCompletionAssistantMessageParam,
  ChatCompletionToolMessageParam,
  ChatCompletionUserMessageParam,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionFunctionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
export type { CompletionUsage } from 'openai/resources/completions';
export type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings';
export type { ErrorObject, ReasoningEffort, ResponseFormatJSONSchema } from 'openai/resources/shared';

/**
 * The body of every OpenAI error response: `{ "error": { message, type, param, code } }`.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export interface ErrorResponseBody {
  error: ErrorObject;
}
