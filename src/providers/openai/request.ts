// Builds OpenAI Chat Completions and Embeddings requests: a canonical request becomes a wire body,
// or the client's own OpenAI body passes through with only the model and stream usage changed.
// Pure translation: no HTTP, no I/O, nothing outside the provider contract.

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
import type { ChatCall, ProviderSettings, UpstreamRequest } from '../provider.js';
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPartImage,
  ChatCompletionContentPartText,
  ChatCompletionCreateParams,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
  ChatCompletionToolChoiceOption,
  ChatCompletionToolMessageParam,
  ChatCompletionUserMessageParam,
  EmbeddingCreateParams,
  ReasoningEffort,
} from './api.js';
import { isRecord } from '../../core/is-record.js';
import { acceptsReasoningEffort, toReasoningEffort } from '../reasoning-effort.js';
import { openaiToolCallIds, toToolCallId } from '../tool-call-id.js';
import { appendAll } from '../../core/append-all.js';

/** The upstream request for a chat call, at `${baseUrl}/chat/completions`. */
export function chatRequest(call: ChatCall): UpstreamRequest {
  return jsonPost(endpoint(call.settings, '/chat/completions'), call.settings, call.apiKey, toChatBody(call));
}

/** The JSON body for a chat call, before serialisation (openai-compatible adjusts it further). */
export function toChatBody(call: ChatCall): Record<string, unknown> {
  return call.payload.kind === 'native'
    ? toNativeBody(call.payload.body, call.model, call.stream)
    : toChatCompletionBody(call.payload.request, call.model, call.stream);
}

/**
 * Same dialect: the client's body untouched except the routed model and, when streaming, usage
 * in the stream (the gateway needs it for accounting; other stream_options keys are kept).
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options
 */
export function toNativeBody(
  body: Record<string, unknown>,
  model: string,
  stream: boolean,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...body, model };
  if (stream) {
    const options = isRecord(body.stream_options) ? body.stream_options : {};
    result.stream_options = { ...options, include_usage: true };
  }
  return result;
}

/**
 * Canonical request -> Chat Completions body.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function toChatCompletionBody(
  request: ChatRequest,
  model: string,
  stream: boolean,
): Record<string, unknown> {
  const hasTools = request.tools !== undefined && request.tools.length > 0;
  const body: ChatCompletionCreateParams = {
    model,
    messages: toMessages(request),
    // OpenAI's current cap: max_tokens is deprecated and reasoning models reject it.
    max_completion_tokens: request.maxTokens,
    temperature: request.temperature,
    top_p: request.topP,
    stop: request.stop !== undefined && request.stop.length > 0 ? request.stop : undefined,
    // OpenAI rejects an empty tools array, so none means the key is left out.
    tools: hasTools ? request.tools!.map(toTool) : undefined,
    // Both are refused by OpenAI without tools (an Anthropic client may send tools: [] with a choice).
    tool_choice: hasTools && request.toolChoice ? toToolChoice(request.toolChoice) : undefined,
    parallel_tool_calls: hasTools ? request.parallelToolCalls : undefined,
    response_format: request.responseFormat && toResponseFormat(request.responseFormat),
    user: request.user,
    reasoning_effort: toEffort(request, model),
  };
  const full = stream ? { ...body, stream: true, stream_options: { include_usage: true } } : body;
  return withoutUndefined(full);
}

/**
 * An effort level is forwarded as given: the upstream validates the names, which grow with new models.
 * A thinking budget (Anthropic clients) becomes the nearest level, for reasoning models only: the
 * others reject the parameter.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-reasoning_effort
 */
function toEffort(request: ChatRequest, model: string): ReasoningEffort | undefined {
  if (request.reasoningEffort !== undefined) return request.reasoningEffort as ReasoningEffort;
  if (request.reasoningBudget === undefined || !acceptsReasoningEffort(model)) return undefined;
  return toReasoningEffort(request.reasoningBudget);
}

/**
 * Embeddings: always ask for floats; the edge encodes base64 itself when its client asks.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function embeddingsRequest(
  request: EmbeddingsRequest,
  settings: ProviderSettings,
  apiKey: string,
): UpstreamRequest {
  const body: EmbeddingCreateParams = {
    model: request.model,
    input: request.input,
    encoding_format: 'float',
    dimensions: request.dimensions,
    user: request.user,
  };
  return jsonPost(endpoint(settings, '/embeddings'), settings, apiKey, withoutUndefined(body));
}

/** A JSON POST with the deployment's credentials and headers. */
export function jsonPost(
  url: string,
  settings: ProviderSettings,
  apiKey: string,
  body: unknown,
): UpstreamRequest {
  return { method: 'POST', url, headers: upstreamHeaders(settings, apiKey), body: JSON.stringify(body) };
}

/**
 * Bearer auth (left out when the deployment has no key, as local servers often do), then the
 * deployment's own headers, which win: an operator may need to replace auth for a proxy.
 * @see https://platform.openai.com/docs/api-reference/authentication
 */
export function upstreamHeaders(settings: ProviderSettings, apiKey: string): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey !== '') headers.authorization = `Bearer ${apiKey}`;
  for (const [name, value] of Object.entries(settings.headers)) headers[name.toLowerCase()] = value;
  return headers;
}

/** `${baseUrl}${path}` without doubling the slash a configured base URL may end with. */
export function endpoint(settings: ProviderSettings, path: string): string {
  return settings.baseUrl.replace(/\/+$/, '') + path;
}

function toMessages(request: ChatRequest): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [];
  if (request.system.length > 0) messages.push({ role: 'system', content: toTextContent(request.system) });
  for (const message of request.messages) appendAll(messages, toMessageParams(message));
  return messages;
}

function toMessageParams(message: Message): ChatCompletionMessageParam[] {
  switch (message.role) {
    case 'user':
      return toUserMessages(message);
    case 'assistant':
      return [toAssistantMessage(message)];
    case 'tool':
      return toToolMessages(message.content);
  }
}

/** Tool results that arrive inside a user turn are sent first, as the tool messages OpenAI expects. */
function toUserMessages(message: Message): ChatCompletionMessageParam[] {
  const results = toToolMessages(message.content);
  const parts = message.content.filter(isUserPart);
  if (parts.length === 0 && results.length > 0) return results;
  const [only] = parts;
  const content: ChatCompletionUserMessageParam['content'] =
    parts.length === 1 && only?.type === 'text' ? only.text : parts.map(toUserContentPart);
  const user: ChatCompletionUserMessageParam = { role: 'user', content };
  if (message.name !== undefined) user.name = message.name;
  return [...results, user];
}

function toUserContentPart(
  part: TextPart | ImagePart,
): ChatCompletionContentPartText | ChatCompletionContentPartImage {
  return part.type === 'text' ? { type: 'text', text: part.text } : toImagePart(part);
}

/**
 * Images travel as URLs; base64 sources become data: URLs.
 * @see https://platform.openai.com/docs/guides/images-vision#giving-a-model-images-as-input
 */
function toImagePart(part: ImagePart): ChatCompletionContentPartImage {
  const { source } = part;
  const url = source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
  const detail =
    part.detail === 'auto' || part.detail === 'low' || part.detail === 'high' ? part.detail : undefined;
  return { type: 'image_url', image_url: detail === undefined ? { url } : { url, detail } };
}

/**
 * Text and tool calls; arguments go out exactly as the model produced them. Reasoning parts have
 * no Chat Completions input form and are left out.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
function toAssistantMessage(message: Message): ChatCompletionAssistantMessageParam {
  const texts = message.content.filter(isText);
  const toolCalls = message.content.filter(isToolCall).map((part) => ({
    id: toToolCallId(part.id, openaiToolCallIds),
    type: 'function' as const,
    function: { name: part.name, arguments: part.arguments },
  }));
  const content = texts.length > 0 ? toTextContent(texts) : toolCalls.length > 0 ? null : '';
  const assistant: ChatCompletionAssistantMessageParam = { role: 'assistant', content };
  if (toolCalls.length > 0) assistant.tool_calls = toolCalls;
  if (message.name !== undefined) assistant.name = message.name;
  return assistant;
}

/**
 * One `tool` message per result. OpenAI tool messages hold text only: images in results follow
 * them in one user message, each after a line naming its call. A failed result (Anthropic's
 * `is_error`) says so in its text, as OpenAI has no flag for it.
 * @see https://platform.openai.com/docs/guides/function-calling
 */
function toToolMessages(parts: ContentPart[]): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [];
  const images: Array<ChatCompletionContentPartText | ChatCompletionContentPartImage> = [];
  for (const part of parts.filter(isToolResult)) {
    const id = toToolCallId(part.toolCallId, openaiToolCallIds);
    const texts = part.content.filter(isText);
    const text = texts.map((text) => text.text).join('\n');
    const content =
      part.isError === true ? `Error: ${text}`.trimEnd() : texts.length > 0 ? toTextContent(texts) : '';
    const tool: ChatCompletionToolMessageParam = { role: 'tool', tool_call_id: id, content };
    messages.push(tool);
    const pictures = part.content.filter((inner): inner is ImagePart => inner.type === 'image');
    if (pictures.length === 0) continue;
    images.push({ type: 'text', text: `Images from the result of tool call ${id}:` });
    for (const picture of pictures) images.push(toImagePart(picture));
  }
  if (images.length > 0) messages.push({ role: 'user', content: images });
  return messages;
}

/** One part stays a plain string (what most servers expect); several keep their boundaries. */
function toTextContent(parts: TextPart[]): string | ChatCompletionContentPartText[] {
  const [only] = parts;
  if (parts.length === 1 && only !== undefined) return only.text;
  return parts.map((part) => ({ type: 'text', text: part.text }));
}

/** @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools */
function toTool(tool: ToolDefinition): ChatCompletionFunctionTool {
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

/** @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tool_choice */
function toToolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  switch (choice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return choice.type;
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
  }
}

/** @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-response_format */
function toResponseFormat(format: ResponseFormat): ChatCompletionCreateParams['response_format'] {
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
