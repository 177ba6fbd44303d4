// The Claude-on-Vertex provider: Anthropic's Messages dialect (same-dialect calls pass through) at
// Vertex AI's rawPredict endpoints, reusing ../anthropic/ for answers, streams and errors. Only
// wires translators into the contract; OAuth tokens come from the Google authorizer.

import type { Provider } from '../provider.js';
import { fromVertexAnthropicError } from './error.js';
import { toVertexAnthropicRequest } from './request.js';
import { fromVertexAnthropicResponse } from './response.js';
import { VertexAnthropicStreamDecoder } from './stream.js';

export const vertexAnthropicProvider: Provider = {
  type: 'vertex-anthropic',
  /** top_k is a Messages parameter. @see https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude */
  topK: 'accepted',
  dialect: 'anthropic',
  chatRequest: toVertexAnthropicRequest,
  chatResponse: fromVertexAnthropicResponse,
  streamDecoder: () => new VertexAnthropicStreamDecoder(),
  error: fromVertexAnthropicError,
};
