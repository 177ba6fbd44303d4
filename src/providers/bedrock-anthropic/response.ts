// Claude's non-streaming InvokeModel answer is the Anthropic Messages JSON itself, so the Anthropic
// translator reads it unchanged (same-dialect clients get the body byte for byte and never come here).

import type { ChatResponse } from '../../core/index.js';
import { fromAnthropicResponse } from '../anthropic/response.js';

/** @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html */
export function fromBedrockAnthropicResponse(body: unknown): ChatResponse {
  return fromAnthropicResponse(body);
}
