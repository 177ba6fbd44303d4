// Reads Azure OpenAI chat and embeddings answers into canonical shape. Azure's bodies are OpenAI's
// plus content-filter annotations, so the openai readers serve as they are. Pure: no HTTP, no I/O.

import type { ChatResponse, EmbeddingsResponse } from '../../core/index.js';
import { fromChatCompletion, fromEmbeddingsResponse } from '../openai/response.js';

/**
 * AzureChatCompletion -> ChatResponse. `prompt_filter_results` and per-choice
 * `content_filter_results` are not canonical and are left out; a completion the filter cut short
 * has `finish_reason: "content_filter"`, read as the canonical `content-filter`.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter#scenario-details
 */
export function fromAzureChatCompletion(body: unknown): ChatResponse {
  return fromChatCompletion(body);
}

/**
 * Azure's embeddings list is OpenAI's.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/reference#embeddings
 */
export function fromAzureEmbeddingsResponse(body: unknown): EmbeddingsResponse {
  return fromEmbeddingsResponse(body);
}
