// Anthropic Messages API wire types, taken type-only from the official @anthropic-ai/sdk so the adapter and
// its fixtures cannot drift from the real format. Local types exist only where the SDK has none.
// Types and constants only: no logic here.

import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import type { ErrorResponse } from '@anthropic-ai/sdk/resources/shared';

export type {
  Base64ImageSource,
  CacheControlEphemeral,
  CacheCreation,
  ContentBlock,
  ContentBlockParam,
  ImageBlockParam,
  Message,
  MessageDeltaUsage,
  MessageParam,
  RawContentBlockDeltaEvent,
  RawContentBlockStartEvent,
  RawMessageDeltaEvent,
  RawMessageStartEvent,
  RawMessageStreamEvent,
  StopReason,
  TextBlockParam,
  ThinkingConfigEnabled,
  Tool,
  ToolChoice,
  ToolResultBlockParam,
  Usage,
} from '@anthropic-ai/sdk/resources/messages';
export type { ErrorResponse } from '@anthropic-ai/sdk/resources/shared';

/**
 * The `anthropic-version` header the gateway sends when the client did not choose one.
 * @see https://docs.anthropic.com/en/api/versioning
 */
export const ANTHROPIC_VERSION = '2023-06-01';

/**
 * Sampling parameters the Messages API documents but the installed SDK's request type no longer declares.
 * @see https://docs.anthropic.com/en/api/messages
 */
export interface SamplingParams {
  temperature?: number;
  top_p?: number;
  top_k?: number;
}

/** The request body the gateway builds from a canonical request. */
export type MessagesRequestBody = MessageCreateParamsBase & SamplingParams;

/**
 * Keep-alive event; the SDK's RawMessageStreamEvent does not include it.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#ping-events
 */
export interface PingEvent {
  type: 'ping';
}

/**
 * An error inside a stream. Same shape as the HTTP error body, but the documented example has no request_id.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#error-events
 */
export type StreamErrorEvent = Omit<ErrorResponse, 'request_id'> & { request_id?: string | null };
