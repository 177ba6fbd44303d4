// The OpenAI provider: Chat Completions and Embeddings in OpenAI's own dialect (api.openai.com or
// anything that speaks it exactly). Only wires this folder's pure translators into the contract.

import type { Provider } from '../provider.js';
import { fromErrorResponse } from './error.js';
import { chatRequest, embeddingsRequest } from './request.js';
import { fromChatCompletion, fromEmbeddingsResponse } from './response.js';
import { createStreamDecoder } from './stream.js';

export const openaiProvider: Provider = {
  type: 'openai',
  /** Chat Completions has no top_k. @see https://platform.openai.com/docs/api-reference/chat/create */
  topK: 'unsupported',
  dialect: 'openai',
  chatRequest,
  chatResponse: fromChatCompletion,
  streamDecoder: () => createStreamDecoder(),
  error: fromErrorResponse,
  embeddingsRequest,
  embeddingsResponse: fromEmbeddingsResponse,
};
