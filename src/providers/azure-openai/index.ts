// The Azure OpenAI provider: Chat Completions and Embeddings on an Azure OpenAI resource, by
// deployment and api-version (or the v1 surface). Only wires this folder's pure translators into
// the contract; Entra ID tokens come from src/upstream/auth/entra.ts.

import type { Provider } from '../provider.js';
import { fromAzureErrorResponse } from './error.js';
import { chatRequest, embeddingsRequest } from './request.js';
import { fromAzureChatCompletion, fromAzureEmbeddingsResponse } from './response.js';
import { createAzureStreamDecoder } from './stream.js';

export const azureOpenaiProvider: Provider = {
  type: 'azure-openai',
  /** Chat Completions has no top_k. @see https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference */
  topK: 'unsupported',
  dialect: 'openai',
  chatRequest,
  chatResponse: fromAzureChatCompletion,
  streamDecoder: createAzureStreamDecoder,
  error: fromAzureErrorResponse,
  embeddingsRequest,
  embeddingsResponse: fromAzureEmbeddingsResponse,
};
