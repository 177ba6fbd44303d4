// Wire types and the ONE table of per-server quirks for OpenAI-compatible servers (vLLM, Ollama,
// llama.cpp, Groq, Together, DeepSeek, OpenRouter, xAI). Everything else in this folder reads
// quirks from here; nothing here does I/O.

import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessage,
  CompletionUsage,
} from '../openai/api.js';

/** Reasoning text as compatible servers add it to messages and deltas (OpenAI has no such field). */
export interface ReasoningFields {
  reasoning?: string | null;
  reasoning_content?: string | null;
}

/** Usage as DeepSeek reports it: cache hits beside, not inside, prompt_tokens_details. */
export interface CompatibleUsage extends CompletionUsage {
  prompt_cache_hit_tokens?: number;
  prompt_cache_miss_tokens?: number;
}

/** A ChatCompletion as compatible servers send it. */
export type CompatibleChatCompletion = Omit<ChatCompletion, 'choices' | 'usage'> & {
  choices: Array<
    Omit<ChatCompletion.Choice, 'message'> & { message: ChatCompletionMessage & ReasoningFields }
  >;
  usage?: CompatibleUsage;
};

/** A stream chunk as compatible servers send it (Groq also repeats usage under x_groq). */
export type CompatibleChatCompletionChunk = Omit<ChatCompletionChunk, 'choices' | 'usage'> & {
  choices: Array<
    Omit<ChatCompletionChunk.Choice, 'delta'> & { delta: ChatCompletionChunk.Choice.Delta & ReasoningFields }
  >;
  usage?: CompatibleUsage | null;
  x_groq?: { id?: string; usage?: CompatibleUsage };
};

/** What one server does differently from OpenAI. */
export interface ServerProfile {
  /** Accepts `stream_options`; when false it is never sent, and a stream without usage is fine. */
  streamOptions: boolean;
  /** The output cap it understands; 'either' means the body is left as the client or adapter wrote it. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens' | 'either';
  /** Accepts the `developer` role; when false such messages are sent as `system`. */
  developerRole: boolean;
  /** Accepts `parallel_tool_calls`; when false the key is left out (the server's default applies). */
  parallelToolCalls: boolean;
  /** Non-OpenAI fields carrying reasoning text on messages and deltas, first match wins. */
  reasoningFields: ReadonlyArray<keyof ReasoningFields>;
  /** Usage field counting prompt tokens served from cache, when not OpenAI's cached_tokens. */
  cacheHitField?: 'prompt_cache_hit_tokens';
  /** Object beside the chunk that may carry usage instead of `usage`. */
  vendorUsageField?: 'x_groq';
}

/**
 * The quirks table. Where each entry comes from:
 * - vllm: stream_options (include_usage, continuous_usage_stats) and both token caps are in its
 *   OpenAI-compatible server docs (https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html);
 *   reasoning moved from `reasoning_content` to `reasoning` (vllm-project/vllm#27752, old name kept
 *   for a while). Chat templates generally know system/user/assistant/tool only, hence no `developer`.
 * - ollama: its OpenAI compatibility page lists stream_options.include_usage and max_tokens, and
 *   neither parallel_tool_calls nor the developer role (https://docs.ollama.com/api/openai-compatibility);
 *   thinking models stream `reasoning` (ollama's /v1 output, as reported in many client fixes).
 * - llamacpp: llama-server accepts stream_options but puts usage beside finish_reason in the last
 *   choice chunk (ggml-org/llama.cpp#15443); reasoning arrives as `reasoning_content`; parallel
 *   tool calls are a documented request option (tools/server/README.md).
 * - groq: max_completion_tokens (max_tokens deprecated but accepted), stream_options and
 *   parallel_tool_calls are in its API reference (https://console.groq.com/docs/api-reference);
 *   reasoning_format=parsed returns `reasoning`; older streams carry usage only in `x_groq.usage`.
 * - together: stream_options is not among its documented chat parameters, so never sent; usage
 *   arrives on the final chunk anyway (https://docs.together.ai/reference/chat-completions-1);
 *   reasoning models answer in `reasoning` (https://docs.together.ai/docs/reasoning-overview).
 * - deepseek: roles are system/user/assistant/tool, max_tokens, stream_options.include_usage,
 *   `reasoning_content`, and cache hits in `prompt_cache_hit_tokens`
 *   (https://api-docs.deepseek.com/api/create-chat-completion, https://api-docs.deepseek.com/guides/kv_cache).
 * - openrouter: normalises to OpenAI's schema, accepts both token caps, stream_options and
 *   parallel_tool_calls; reasoning in `reasoning`; SSE comments as keep-alives; mid-stream errors
 *   as `{"error": {"code": <number>, ...}}` (https://openrouter.ai/docs/api-reference/streaming,
 *   https://openrouter.ai/docs/api-reference/errors).
 * - xai: OpenAI-compatible with stream_options; grok-3-mini returns `reasoning_content`
 *   (https://docs.x.ai/docs/guides/reasoning). Its reasoning models also reject presence_penalty,
 *   frequency_penalty and stop: a per-model rule the caller must respect, not fixable per server.
 */
export const serverProfiles = {
  vllm: {
    streamOptions: true,
    maxTokensField: 'either',
    developerRole: false,
    parallelToolCalls: true,
    reasoningFields: ['reasoning', 'reasoning_content'],
  },
  ollama: {
    streamOptions: true,
    maxTokensField: 'max_tokens',
    developerRole: false,
    parallelToolCalls: false,
    reasoningFields: ['reasoning'],
  },
  llamacpp: {
    streamOptions: true,
    maxTokensField: 'max_tokens',
    developerRole: false,
    parallelToolCalls: true,
    reasoningFields: ['reasoning_content'],
  },
  groq: {
    streamOptions: true,
    maxTokensField: 'either',
    developerRole: false,
    parallelToolCalls: true,
    reasoningFields: ['reasoning'],
    vendorUsageField: 'x_groq',
  },
  together: {
    streamOptions: false,
    maxTokensField: 'max_tokens',
    developerRole: false,
    parallelToolCalls: false,
    reasoningFields: ['reasoning'],
  },
  deepseek: {
    streamOptions: true,
    maxTokensField: 'max_tokens',
    developerRole: false,
    parallelToolCalls: false,
    reasoningFields: ['reasoning_content'],
    cacheHitField: 'prompt_cache_hit_tokens',
  },
  openrouter: {
    streamOptions: true,
    maxTokensField: 'either',
    developerRole: false,
    parallelToolCalls: true,
    reasoningFields: ['reasoning'],
  },
  xai: {
    streamOptions: true,
    maxTokensField: 'either',
    developerRole: false,
    parallelToolCalls: true,
    reasoningFields: ['reasoning_content'],
  },
} as const satisfies Record<string, ServerProfile>;

export type ServerName = keyof typeof serverProfiles;

/** An unknown or absent server: plain OpenAI, except stream_options, which many servers reject. */
export const defaultProfile: ServerProfile = {
  streamOptions: false,
  maxTokensField: 'either',
  developerRole: true,
  parallelToolCalls: true,
  reasoningFields: [],
};
