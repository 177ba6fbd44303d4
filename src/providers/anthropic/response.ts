// Translates a non-streaming Anthropic Message into the canonical ChatResponse, plus the stop-reason and
// usage mappings the stream decoder shares. Pure apart from stamping `created` (Anthropic sends no time).

import type { ChatResponse, ContentPart, FinishReason, Usage } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import type {
  CacheCreation,
  ContentBlock,
  Message,
  MessageDeltaUsage,
  StopReason,
  Usage as AnthropicUsage,
} from './api.js';

/**
 * Message -> ChatResponse. Blocks the canonical form cannot express (server tool calls and their results,
 * container uploads) are left out; text, thinking and client tool calls keep their order.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function fromAnthropicResponse(body: unknown): ChatResponse {
  const message = readMessage(body);
  const response: ChatResponse = {
    id: message.id,
    model: message.model,
    created: Math.floor(Date.now() / 1000),
    content: message.content.flatMap(fromContentBlock),
    finishReason: fromStopReason(message.stop_reason),
    usage: fromUsage(message.usage),
  };
  if (typeof message.stop_sequence === 'string') response.stopSequence = message.stop_sequence;
  return response;
}

/** The few fields the translation relies on are checked; a body without them is the provider's fault. */
function readMessage(body: unknown): Message {
  const candidate = body as Partial<Message> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.id !== 'string' ||
    !Array.isArray(candidate.content) ||
    typeof candidate.usage !== 'object' ||
    candidate.usage === null
  ) {
    throw new GatewayError('upstream_error', 'The provider returned a response the gateway could not read.');
  }
  return candidate as Message;
}

/**
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
function fromContentBlock(block: ContentBlock): ContentPart[] {
  switch (block.type) {
    case 'text':
      return [{ type: 'text', text: block.text }];
    case 'thinking':
      return [{ type: 'reasoning', text: block.thinking, signature: block.signature }];
    case 'redacted_thinking':
      return [{ type: 'redacted-reasoning', data: block.data }];
    case 'tool_use':
      return [
        { type: 'tool-call', id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      ];
    // Server tools run on Anthropic's side and container uploads are files: no canonical part expresses them.
    case 'server_tool_use':
    case 'web_search_tool_result':
    case 'web_fetch_tool_result':
    case 'code_execution_tool_result':
    case 'bash_code_execution_tool_result':
    case 'text_editor_code_execution_tool_result':
    case 'tool_search_tool_result':
    case 'container_upload':
    default:
      return [];
  }
}

/**
 * @see https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function fromStopReason(reason: StopReason | null | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
      return 'stop';
    case 'stop_sequence':
      return 'stop-sequence';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'pause_turn':
      return 'pause';
    case 'refusal':
      return 'refusal';
    case null:
    case undefined:
      return 'other';
    default:
      // A stop reason added after this adapter was written.
      return 'other';
  }
}

/** The usage fields both Message.usage and message_delta's cumulative usage carry. */
export type UsageCounts = Pick<
  AnthropicUsage | MessageDeltaUsage,
  'cache_creation_input_tokens' | 'cache_read_input_tokens' | 'output_tokens' | 'output_tokens_details'
> & {
  input_tokens: number | null;
  /** Cache writes by lifetime; message_start and whole messages carry it, message_delta does not. */
  cache_creation?: Partial<CacheCreation> | null;
  /** Server tools the API ran (web searches); on whole messages and message_delta alike. */
  server_tool_use?: Partial<(AnthropicUsage | MessageDeltaUsage)['server_tool_use']> | null;
};

/**
 * Anthropic's input_tokens excludes cache reads and writes; canonical inputTokens counts all input.
 * cache_creation splits the writes by lifetime, and 1-hour writes are priced apart. Web searches
 * (server_tool_use.web_search_requests) are billed per search on top of the tokens. The object read
 * is kept verbatim as `reported`.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#1-hour-cache-duration
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool#usage-and-pricing
 */
export function fromUsage(usage: UsageCounts): Usage {
  const cacheReadTokens = count(usage.cache_read_input_tokens);
  const cacheWriteTokens = count(usage.cache_creation_input_tokens);
  const result: Usage = {
    inputTokens: count(usage.input_tokens) + cacheReadTokens + cacheWriteTokens,
    outputTokens: count(usage.output_tokens),
    cacheReadTokens,
    cacheWriteTokens,
  };
  const thinkingTokens = usage.output_tokens_details?.thinking_tokens;
  if (typeof thinkingTokens === 'number') result.reasoningTokens = thinkingTokens;
  const oneHour = usage.cache_creation?.ephemeral_1h_input_tokens;
  if (typeof oneHour === 'number') result.cacheWrite1hTokens = count(oneHour);
  const searches = usage.server_tool_use?.web_search_requests;
  if (typeof searches === 'number') result.webSearchRequests = count(searches);
  result.reported = usage;
  return result;
}

/** Missing, null or nonsensical counts are zero rather than NaN in cost arithmetic. */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}
