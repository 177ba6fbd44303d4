// Builds Mistral chat and embeddings requests from canonical ones. Mistral is OpenAI-like but
// strict (unknown fields are a 422), so every difference is explicit here. Pure: no HTTP, no I/O.

import { createHash } from 'node:crypto';
import type {
  ChatRequest,
  ContentPart,
  EmbeddingsRequest,
  ImagePart,
  Message,
  ResponseFormat,
  TextPart,
  ToolChoice,
  ToolDefinition,
} from '../../core/index.js';
import { isText, isToolCall, isToolResult, isUserPart } from '../../core/index.js';
import { withoutUndefined } from '../../core/without-undefined.js';
import { GatewayError } from '../../errors.js';
import { endpoint, jsonPost } from '../openai/request.js';
import type { ChatCall, ProviderSettings, UpstreamRequest } from '../provider.js';
import type {
  EmbeddingRequest$Outbound,
  ImageURLChunk$Outbound,
  MistralAssistantMessage,
  MistralChatBody,
  MistralMessage,
  MistralToolCall,
  ResponseFormat$Outbound,
  TextChunk$Outbound,
  Tool$Outbound,
  ToolMessage$Outbound,
  UserMessage$Outbound,
} from './api.js';
import { appendAll } from '../../core/append-all.js';
import { textInputs } from '../text-inputs.js';

/**
 * The upstream request for a chat call, at `${baseUrl}/chat/completions`. Mistral speaks neither
 * client dialect, so the pipeline always hands over the canonical request.
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 */
export function chatRequest(call: ChatCall): UpstreamRequest {
  if (call.payload.kind !== 'canonical') {
    throw new GatewayError('internal', 'The mistral adapter takes canonical requests only.');
  }
  const body = toMistralBody(call.payload.request, call.model, call.stream, call.settings);
  return jsonPost(endpoint(call.settings, '/chat/completions'), call.settings, call.apiKey, body);
}

/**
 * Canonical request -> Mistral body. `max_tokens` (Mistral has no max_completion_tokens), `random_seed`
 * (not seed), no `stream_options` (the last chunk carries usage unasked), no `user`, no `top_k`, no
 * reasoning effort: Mistral rejects fields it does not know. `safe_prompt` only when configured.
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 */
export function toMistralBody(
  request: ChatRequest,
  model: string,
  stream: boolean,
  settings: Pick<ProviderSettings, 'safePrompt'>,
): Record<string, unknown> {
  const body: MistralChatBody = {
    model,
    messages: toMessages(request),
    stream,
    max_tokens: request.maxTokens,
    temperature: request.temperature,
    top_p: request.topP,
    stop: request.stop !== undefined && request.stop.length > 0 ? request.stop : undefined,
    random_seed: request.seed,
    tools: request.tools !== undefined && request.tools.length > 0 ? request.tools.map(toTool) : undefined,
    tool_choice: request.toolChoice && toToolChoice(request.toolChoice),
    parallel_tool_calls: request.parallelToolCalls,
    response_format: request.responseFormat && toResponseFormat(request.responseFormat),
    safe_prompt: settings.safePrompt === true ? true : undefined,
  };
  return withoutUndefined(body);
}

/**
 * Embeddings: floats (Mistral's default; the edge encodes base64 itself). `dimensions` becomes
 * `output_dimension`, which only some embedding models accept; `user` has no Mistral field.
 * @see https://docs.mistral.ai/api/#tag/embeddings/operation/embeddings_v1_embeddings_post
 */
export function embeddingsRequest(
  request: EmbeddingsRequest,
  settings: ProviderSettings,
  apiKey: string,
): UpstreamRequest {
  const body: EmbeddingRequest$Outbound = {
    model: request.model,
    input: textInputs(request),
    output_dimension: request.dimensions,
  };
  return jsonPost(endpoint(settings, '/embeddings'), settings, apiKey, withoutUndefined(body));
}

const toolCallIdPattern = /^[a-zA-Z0-9]{9}$/;
const idAlphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Mistral accepts only tool-call ids of exactly 9 characters [a-zA-Z0-9]. Its own ids pass
 * unchanged; any other (OpenAI `call_...`, Anthropic `toolu_...`) maps to 9 characters of its
 * SHA-256, so the same id always gives the same result in the call and in its tool result.
 * @see https://docs.mistral.ai/capabilities/function_calling/
 */
export function toMistralToolCallId(id: string): string {
  if (toolCallIdPattern.test(id)) return id;
  const digest = createHash('sha256').update(id).digest();
  let mapped = '';
  for (let position = 0; position < 9; position += 1) {
    mapped += idAlphabet[(digest[position] ?? 0) % idAlphabet.length];
  }
  return mapped;
}

function toMessages(request: ChatRequest): MistralMessage[] {
  const messages: MistralMessage[] = [];
  if (request.system.length > 0) messages.push({ role: 'system', content: toTextContent(request.system) });
  // Tool messages may carry the function name; Mistral's examples always send it.
  const toolNames = new Map<string, string>();
  for (const message of request.messages) {
    if (message.role === 'assistant') {
      for (const part of message.content) if (part.type === 'tool-call') toolNames.set(part.id, part.name);
    }
    appendAll(messages, toMessageParams(message, toolNames));
  }
  markPrefix(messages);
  return messages;
}

function toMessageParams(message: Message, toolNames: Map<string, string>): MistralMessage[] {
  switch (message.role) {
    case 'user':
      return toUserMessages(message, toolNames);
    case 'assistant':
      return [toAssistantMessage(message)];
    case 'tool':
      return toToolMessages(message.content, toolNames);
  }
}

/**
 * Tool results inside a user turn (Anthropic's form) go first, as tool messages. Mistral rejects
 * a `name` on user messages, so it is dropped.
 */
function toUserMessages(message: Message, toolNames: Map<string, string>): MistralMessage[] {
  const results = toToolMessages(message.content, toolNames);
  const parts = message.content.filter(isUserPart);
  if (parts.length === 0 && results.length > 0) return results;
  const [only] = parts;
  const content: UserMessage$Outbound['content'] =
    parts.length === 1 && only?.type === 'text' ? only.text : parts.map(toUserChunk);
  return [...results, { role: 'user', content }];
}

function toUserChunk(part: TextPart | ImagePart): TextChunk$Outbound | ImageURLChunk$Outbound {
  return part.type === 'text' ? { type: 'text', text: part.text } : toImageChunk(part);
}

/**
 * Vision models take `image_url` chunks: a URL or a base64 data: URL, with an optional detail.
 * @see https://docs.mistral.ai/capabilities/vision/
 */
function toImageChunk(part: ImagePart): ImageURLChunk$Outbound {
  const { source } = part;
  const url = source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
  const detail =
    part.detail === 'auto' || part.detail === 'low' || part.detail === 'high' ? part.detail : undefined;
  return { type: 'image_url', image_url: detail === undefined ? url : { url, detail } };
}

/**
 * Text and tool calls with their ids mapped; reasoning parts have no input form and are left out.
 * @see https://docs.mistral.ai/capabilities/function_calling/
 */
function toAssistantMessage(message: Message): MistralAssistantMessage {
  const texts = message.content.filter(isText);
  const toolCalls: MistralToolCall[] = message.content.filter(isToolCall).map((part) => ({
    id: toMistralToolCallId(part.id),
    type: 'function',
    function: { name: part.name, arguments: part.arguments },
  }));
  const assistant: MistralAssistantMessage = { role: 'assistant' };
  if (texts.length > 0 || toolCalls.length === 0) assistant.content = texts.map((part) => part.text).join('');
  if (toolCalls.length > 0) assistant.tool_calls = toolCalls;
  return assistant;
}

/**
 * A conversation ending on an assistant text is a prefill (Anthropic clients send these): Mistral
 * continues it only when the message says `prefix: true`, and rejects it otherwise.
 * @see https://docs.mistral.ai/guides/prefix/
 */
function markPrefix(messages: MistralMessage[]): void {
  const last = messages.at(-1);
  if (last?.role === 'assistant' && last.tool_calls === undefined) last.prefix = true;
}

/** One `tool` message per result, text only, with the call's mapped id. */
function toToolMessages(parts: ContentPart[], toolNames: Map<string, string>): ToolMessage$Outbound[] {
  return parts.filter(isToolResult).map((part) => {
    const message: ToolMessage$Outbound = {
      role: 'tool',
      tool_call_id: toMistralToolCallId(part.toolCallId),
      content: part.content
        .filter(isText)
        .map((text) => text.text)
        .join(''),
    };
    const name = toolNames.get(part.toolCallId);
    if (name !== undefined) message.name = name;
    return message;
  });
}

/** One part stays a plain string; several keep their boundaries as text chunks. */
function toTextContent(parts: TextPart[]): string | TextChunk$Outbound[] {
  const [only] = parts;
  if (parts.length === 1 && only !== undefined) return only.text;
  return parts.map((part) => ({ type: 'text', text: part.text }));
}

/** @see https://docs.mistral.ai/capabilities/function_calling/ */
function toTool(tool: ToolDefinition): Tool$Outbound {
  return {
    type: 'function',
    function: {
      name: tool.name,
      description: tool.description,
      parameters: tool.parameters,
      strict: tool.strict,
    },
  };
}

/**
 * `any` is Mistral's word for "must call a tool" (OpenAI's `required`).
 * @see https://docs.mistral.ai/capabilities/function_calling/#tool_choice
 */
function toToolChoice(choice: ToolChoice): MistralChatBody['tool_choice'] {
  switch (choice.type) {
    case 'auto':
    case 'none':
      return choice.type;
    case 'required':
      return 'any';
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
  }
}

/** @see https://docs.mistral.ai/capabilities/structured-output/ */
function toResponseFormat(format: ResponseFormat): ResponseFormat$Outbound {
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json':
      return { type: 'json_object' };
    case 'json-schema':
      return {
        type: 'json_schema',
        json_schema: {
          name: format.name,
          schema: format.schema,
          strict: format.strict,
          description: format.description,
        },
      };
  }
}
