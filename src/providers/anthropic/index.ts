// The Anthropic provider: wires the pure translators of this folder into the Provider contract.
// Anthropic has no embeddings API, so the optional embeddings methods are deliberately absent.

import type { Provider } from '../provider.js';
import { fromAnthropicError } from './error.js';
import { toAnthropicRequest } from './request.js';
import { fromAnthropicResponse } from './response.js';
import { AnthropicStreamDecoder } from './stream.js';

export const anthropicProvider: Provider = {
  type: 'anthropic',
  /** top_k is a Messages parameter. @see https://docs.anthropic.com/en/api/messages */
  topK: 'accepted',
  dialect: 'anthropic',
  chatRequest: toAnthropicRequest,
  chatResponse: fromAnthropicResponse,
  streamDecoder: () => new AnthropicStreamDecoder(),
  error: fromAnthropicError,
};
