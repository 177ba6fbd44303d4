// The Gemini API provider (Google AI Studio keys, generativelanguage.googleapis.com): chat through
// generateContent and embeddings through batchEmbedContents. Only wires this folder's pure
// translators into the contract; Gemini speaks no client dialect, so every call is canonical.

import type { Provider } from '../provider.js';
import { fromGoogleError } from './error.js';
import { chatRequest, embeddingsRequest } from './request.js';
import { fromBatchEmbedContents, fromGenerateContentResponse } from './response.js';
import { GeminiStreamDecoder } from './stream.js';

export const geminiProvider: Provider = {
  type: 'gemini',
  /** generationConfig.topK. @see https://ai.google.dev/api/generate-content#generationconfig */
  topK: 'accepted',
  // Gemini takes image bytes or uploaded files, never a web URL: the pipeline fetches URLs first.
  imageUrls: 'bytes-only',
  chatRequest,
  chatResponse: fromGenerateContentResponse,
  streamDecoder: () => new GeminiStreamDecoder(),
  error: fromGoogleError,
  embeddingsRequest,
  embeddingsResponse: fromBatchEmbedContents,
};
