// Decodes a Mistral chat SSE stream into canonical events. The wire is OpenAI's chunk format, so
// the openai decoder does the work; hooks add Mistral's typed content chunks, usage on the last
// chunk, its finish reasons and its error shapes. Pure: it never sees the socket.

import type { StreamEvent } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import { fromStreamError } from '../openai/error.js';
import { firstChoice } from '../openai/response.js';
import { createStreamDecoder } from '../openai/stream.js';
import type { StreamDecoder } from '../provider.js';
import { fromContent, fromMistralFinishReason, fromMistralUsage } from './response.js';

/**
 * A fresh decoder for one streamed response. Mistral sends usage on its last chunk (beside the
 * finish reason) without being asked, then `data: [DONE]`.
 * @see https://docs.mistral.ai/api/#tag/chat/operation/stream_chat
 */
export function createMistralStreamDecoder(): StreamDecoder {
  return createStreamDecoder({
    deltaExtras: chunkedContent,
    usage: (chunk) => fromMistralUsage(chunk.usage),
    error: streamError,
    finishReason: fromMistralFinishReason,
  });
}

/**
 * Deltas of reasoning models carry typed chunks instead of a string (which the openai decoder
 * reads itself): thinking becomes reasoning deltas, text chunks text deltas, in order.
 * @see https://docs.mistral.ai/capabilities/reasoning/
 */
function chunkedContent(delta: Record<string, unknown>): StreamEvent[] {
  if (!Array.isArray(delta.content)) return [];
  return fromContent(delta.content).flatMap((part): StreamEvent[] => {
    if (part.type === 'text') return [{ type: 'text-delta', text: part.text }];
    if (part.type === 'reasoning') return [{ type: 'reasoning-delta', text: part.text }];
    return [];
  });
}

/**
 * Mistral's flat error object inside a stream, or a choice finishing with `error`: either way the
 * answer is incomplete and the client must hear so. Before any content the attempt may be retried.
 * @see https://docs.mistral.ai/api/#tag/chat/operation/stream_chat
 */
function streamError(chunk: Record<string, unknown>): GatewayError | undefined {
  if (chunk.object === 'error') return fromStreamError(chunk);
  const choices = Array.isArray(chunk.choices) ? (chunk.choices as unknown[]) : [];
  if (choices.length === 0 || firstChoice(choices)?.finish_reason !== 'error') return undefined;
  return new GatewayError(
    'stream_interrupted',
    'The provider stopped generating because of an error on its side.',
    {
      retryable: true,
    },
  );
}
