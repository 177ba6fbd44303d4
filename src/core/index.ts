// Canonical types shared by every layer. This folder imports nothing from the rest of the project.

export type { Dialect } from './dialect.js';
export { uncarriedFeature, type UncarriedFeature } from './uncarried-features.js';
export type { Usage } from './usage.js';
export { emptyUsage } from './usage.js';
export type {
  ContentPart,
  TextPart,
  ImagePart,
  ImageSource,
  ToolCallPart,
  ToolResultPart,
  ReasoningPart,
  RedactedReasoningPart,
} from './content.js';
export { isText, isUserPart, isToolCall, isToolResult } from './content.js';
export type {
  ChatRequest,
  Message,
  Role,
  ToolDefinition,
  ToolChoice,
  ResponseFormat,
} from './chat-request.js';
export type { ChatResponse, FinishReason } from './chat-response.js';
export type { StreamEvent, StreamEventType } from './stream-event.js';
export { isContentEvent } from './stream-event.js';
export type { EmbeddingsRequest, EmbeddingsResponse } from './embeddings.js';
export { isTokenInput } from './embeddings.js';
export type { Cancellation } from './cancellation.js';
export { cancellationFrom } from './cancellation.js';
