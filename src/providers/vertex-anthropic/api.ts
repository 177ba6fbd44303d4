// Claude on Vertex AI: the Anthropic Messages wire format (types from ../anthropic/api.ts, taken
// from the official SDK) with the model in the URL instead of the body and a Vertex-specific
// `anthropic_version` in the body. Types and constants only.

import type { MessagesRequestBody } from '../anthropic/api.js';

export type { Message, RawMessageStreamEvent, ErrorResponse } from '../anthropic/api.js';

/**
 * The body's `anthropic_version` on Vertex AI (it replaces the anthropic-version header).
 * @see https://docs.anthropic.com/en/api/claude-on-vertex-ai#making-requests
 */
export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';

/** @see https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude */
export type VertexMessagesRequestBody = Omit<MessagesRequestBody, 'model'> & { anthropic_version: string };
