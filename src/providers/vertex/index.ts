// The Vertex AI provider for Google's models (Gemini on Google Cloud): chat through
// generateContent and text embeddings through `:predict`, reusing the Gemini translators. Only wires
// translators into the contract; OAuth tokens come from the Google authorizer, not from here.

import type { Provider } from '../provider.js';
import { fromVertexError } from './error.js';
import { chatRequest, embeddingsRequest } from './request.js';
import { fromGenerateContentResponse, fromPredictEmbeddings } from './response.js';
import { VertexStreamDecoder } from './stream.js';

export const vertexProvider: Provider = {
  type: 'vertex',
  /** generationConfig.topK. @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference */
  topK: 'accepted',
  // Gemini takes image bytes or uploaded files, never a web URL: the pipeline fetches URLs first.
  imageUrls: 'bytes-only',
  chatRequest,
  chatResponse: fromGenerateContentResponse,
  streamDecoder: () => new VertexStreamDecoder(),
  error: fromVertexError,
  embeddingsRequest,
  embeddingsResponse: fromPredictEmbeddings,
};
