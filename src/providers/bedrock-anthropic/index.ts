// The bedrock-anthropic provider: Claude on Bedrock through InvokeModel with the Anthropic Messages
// body, so Anthropic clients pass through with every Anthropic-only feature that Converse would drop.
// Only wires this folder's pure translators; SigV4 signing happens in src/upstream/auth/aws-sigv4.ts.

import type { Provider } from '../provider.js';
import { fromBedrockError } from './error.js';
import { toBedrockAnthropicRequest } from './request.js';
import { fromBedrockAnthropicResponse } from './response.js';
import { BedrockAnthropicStreamDecoder } from './stream.js';

export const bedrockAnthropicProvider: Provider = {
  type: 'bedrock-anthropic',
  /** top_k is a Messages parameter. @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html */
  topK: 'accepted',
  dialect: 'anthropic',
  streamFraming: 'aws-event-stream',
  chatRequest: toBedrockAnthropicRequest,
  chatResponse: fromBedrockAnthropicResponse,
  streamDecoder: () => new BedrockAnthropicStreamDecoder(),
  error: fromBedrockError,
};
