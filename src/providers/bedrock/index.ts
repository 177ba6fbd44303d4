// The Bedrock provider: Converse and ConverseStream for every model family, plus embeddings through
// InvokeModel (Titan, Cohere). Only wires this folder's pure translators into the contract; SigV4
// signing happens in src/upstream/auth/aws-sigv4.ts.

import type { Provider } from '../provider.js';
import { fromBedrockError } from './error.js';
import { toConverseRequest, toEmbeddingsRequest } from './request.js';
import { fromConverseResponse, fromEmbeddingsResponse } from './response.js';
import { ConverseStreamDecoder } from './stream.js';

export const bedrockProvider: Provider = {
  type: 'bedrock',
  /**
   * Claude's top_k, in additionalModelRequestFields; other families' models get none, unsaid.
   * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
   */
  topK: 'accepted',
  streamFraming: 'aws-event-stream',
  imageUrls: 'bytes-only',
  chatRequest: toConverseRequest,
  chatResponse: fromConverseResponse,
  streamDecoder: () => new ConverseStreamDecoder(),
  error: fromBedrockError,
  embeddingsRequest: toEmbeddingsRequest,
  embeddingsResponse: fromEmbeddingsResponse,
};
