// The Mistral provider (api.mistral.ai): chat, tools, vision and embeddings. It speaks neither
// client dialect, so every call crosses through the canonical types. Only wires this folder's
// pure translators into the provider contract.

import type { Provider } from '../provider.js';
import { fromMistralErrorResponse } from './error.js';
import { chatRequest, embeddingsRequest } from './request.js';
import { fromEmbeddingsResponse, fromMistralChatCompletion } from './response.js';
import { createMistralStreamDecoder } from './stream.js';

export const mistralProvider: Provider = {
  type: 'mistral',
  /** Chat completions take no top_k. @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post */
  topK: 'unsupported',
  chatRequest,
  chatResponse: fromMistralChatCompletion,
  streamDecoder: createMistralStreamDecoder,
  error: fromMistralErrorResponse,
  embeddingsRequest,
  embeddingsResponse: fromEmbeddingsResponse,
};
