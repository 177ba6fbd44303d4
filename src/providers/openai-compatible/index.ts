// The openai-compatible provider: vLLM, Ollama, llama.cpp, Groq, Together, DeepSeek, OpenRouter,
// xAI and any other server speaking OpenAI's dialect; `settings.server` picks the quirks in api.ts.

import type { Provider } from '../provider.js';
import { fromCompatibleErrorResponse } from './error.js';
import { chatRequest, embeddingsRequest } from './request.js';
import { fromCompatibleChatCompletion, fromEmbeddingsResponse } from './response.js';
import { createCompatibleStreamDecoder } from './stream.js';

export const openaiCompatibleProvider: Provider = {
  type: 'openai-compatible',
  /** Chat Completions has no top_k: none is sent from another dialect. @see https://platform.openai.com/docs/api-reference/chat/create */
  topK: 'unsupported',
  dialect: 'openai',
  chatRequest,
  chatResponse: fromCompatibleChatCompletion,
  streamDecoder: createCompatibleStreamDecoder,
  error: fromCompatibleErrorResponse,
  embeddingsRequest,
  embeddingsResponse: fromEmbeddingsResponse,
};
