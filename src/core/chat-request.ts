// Canonical chat request: what both dialects mean, in one shape, for crossing between them.

import type { ContentPart, TextPart } from './content.js';

export type Role = 'user' | 'assistant' | 'tool';

export interface Message {
  role: Role;
  /** user: text and image parts; assistant: text, reasoning and tool-call parts; tool: tool-result parts. */
  content: ContentPart[];
  name?: string;
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
  strict?: boolean;
  cacheControl?: unknown;
}

export type ToolChoice =
  { type: 'auto' } | { type: 'none' } | { type: 'required' } | { type: 'tool'; name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json' }
  | {
      type: 'json-schema';
      name: string;
      schema: Record<string, unknown>;
      strict?: boolean;
      description?: string;
    };

export interface ChatRequest {
  /** The model name as the client sent it (an alias until routing resolves it). */
  model: string;
  /** System instructions; OpenAI system and developer messages are gathered here, in order. */
  system: TextPart[];
  messages: Message[];
  stream: boolean;
  /** Client asked for usage in the stream (OpenAI stream_options.include_usage; always for Anthropic). */
  streamUsage: boolean;
  maxTokens?: number;
  /** The client's name for maxTokens when it was not `max_tokens`, for the errors that name it. */
  maxTokensParam?: string;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  /** End-user id for abuse tracking (OpenAI user, Anthropic metadata.user_id). */
  user?: string;
  /** Thinking budget in tokens (Anthropic thinking.budget_tokens) when extended reasoning is asked. */
  reasoningBudget?: number;
  /** OpenAI reasoning_effort. */
  reasoningEffort?: string;
  /** Sampling seed for repeatable answers (OpenAI seed, Mistral random_seed). */
  seed?: number;
}
