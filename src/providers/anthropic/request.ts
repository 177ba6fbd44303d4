// Builds the upstream Messages API request: canonical ChatRequest -> Messages body, or the client's own
// Anthropic body passed through with only the model changed. Pure: no I/O, no clock, never mutates its input.

import type {
  ChatRequest,
  ContentPart,
  ImagePart,
  Message as CanonicalMessage,
  ResponseFormat,
  TextPart,
  ToolChoice as CanonicalToolChoice,
  ToolDefinition,
} from '../../core/index.js';
import type { ChatCall, UpstreamRequest } from '../provider.js';
import { ANTHROPIC_VERSION } from './api.js';
import type {
  Base64ImageSource,
  CacheControlEphemeral,
  ContentBlockParam,
  ImageBlockParam,
  MessageParam,
  MessagesRequestBody,
  TextBlockParam,
  Tool,
  ToolChoice,
  ToolResultBlockParam,
} from './api.js';
import { headerValue } from './error.js';
import { toThinkingBudget } from '../reasoning-effort.js';
import { anthropicToolCallIds, toToolCallId } from '../tool-call-id.js';
import { appendAll } from '../../core/append-all.js';

/**
 * `max_tokens` is required by the Messages API; canonical requests from OpenAI clients often omit it.
 * @see https://docs.anthropic.com/en/api/messages
 */
export const DEFAULT_MAX_TOKENS = 4096;

/** Build the upstream HTTP request for one chat call. */
export function toAnthropicRequest(call: ChatCall): UpstreamRequest {
  const { payload } = call;
  const body =
    payload.kind === 'native'
      ? { ...payload.body, model: call.model }
      : toMessagesBody(payload.request, call.model, call.stream, call.settings.defaultMaxTokens);
  const clientHeaders = payload.kind === 'native' ? payload.headers : {};
  return {
    method: 'POST',
    url: `${call.settings.baseUrl.replace(/\/+$/, '')}/messages`,
    headers: upstreamHeaders(call.settings.headers, clientHeaders, call.apiKey),
    body: JSON.stringify(body),
  };
}

/**
 * Headers: the deployment's extra headers, then the version (the client's own when it chose one, since its
 * body is written against it), the client's beta flags merged with the deployment's, and the credential last
 * so no configured header can replace it. Names are lower-cased so nothing is sent twice.
 * @see https://docs.anthropic.com/en/api/overview#authentication
 * @see https://docs.anthropic.com/en/api/versioning
 * @see https://docs.anthropic.com/en/api/beta-headers
 */
function upstreamHeaders(
  settingsHeaders: Record<string, string>,
  clientHeaders: Record<string, string>,
  apiKey: string,
): Record<string, string> {
  const headers: Record<string, string> = { 'anthropic-version': ANTHROPIC_VERSION };
  for (const [name, value] of Object.entries(settingsHeaders)) headers[name.toLowerCase()] = value;
  headers['content-type'] = 'application/json';
  const clientVersion = headerValue(clientHeaders, 'anthropic-version');
  if (clientVersion !== undefined) headers['anthropic-version'] = clientVersion;
  const betas = [headers['anthropic-beta'], headerValue(clientHeaders, 'anthropic-beta')]
    .flatMap((value) => (value ?? '').split(','))
    .map((value) => value.trim())
    .filter((value, index, all) => value !== '' && all.indexOf(value) === index);
  if (betas.length > 0) headers['anthropic-beta'] = betas.join(',');
  if (apiKey !== '') headers['x-api-key'] = apiKey;
  return headers;
}

/**
 * Canonical request -> Messages body.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function toMessagesBody(
  request: ChatRequest,
  model: string,
  stream: boolean,
  defaultMaxTokens = DEFAULT_MAX_TOKENS,
): MessagesRequestBody {
  const budget = thinkingBudget(request);
  const body: MessagesRequestBody = {
    model,
    max_tokens: toMaxTokens(request.maxTokens ?? defaultMaxTokens, budget),
    messages: toMessages(request.messages),
  };
  const system = toSystem(request.system, request.responseFormat);
  if (system.length > 0) body.system = system;
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  if (budget !== undefined) {
    // @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
    body.thinking = { type: 'enabled', budget_tokens: budget };
  }
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map(toTool);
    const toolChoice = toToolChoice(request.toolChoice, request.parallelToolCalls);
    if (toolChoice !== undefined) body.tool_choice = toolChoice;
  }
  if (stream) body.stream = true;
  return body;
}

/**
 * The thinking budget: an explicit one (Anthropic clients), else OpenAI's reasoning_effort through the
 * mapping table in ../reasoning-effort.ts ('none' and unknown levels: no thinking).
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 */
function thinkingBudget(request: ChatRequest): number | undefined {
  if (request.reasoningBudget !== undefined) return request.reasoningBudget;
  return request.reasoningEffort === undefined ? undefined : toThinkingBudget(request.reasoningEffort);
}

/**
 * max_tokens must stay above the thinking budget (budget_tokens < max_tokens), so a cap at or below the
 * budget — or none — gets the budget added on top: the cap then bounds the visible answer, as OpenAI's
 * max_completion_tokens roughly does, instead of producing a request the API rejects.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size
 */
function toMaxTokens(cap: number, budget: number | undefined): number {
  if (budget === undefined || cap > budget) return cap;
  return budget + cap;
}

/**
 * System parts become text blocks (cache markers kept). Anthropic has no response_format, so a JSON request
 * becomes one more system block, appended last so the client's cached system prefix stays byte-identical.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching
 * @see https://docs.anthropic.com/en/docs/test-and-evaluate/strengthen-guardrails/increase-consistency
 */
function toSystem(system: TextPart[], responseFormat: ResponseFormat | undefined): TextBlockParam[] {
  const blocks = system.filter((part) => part.text.trim() !== '').map(toTextBlock);
  const instruction = responseFormat === undefined ? undefined : jsonOutputInstruction(responseFormat);
  if (instruction !== undefined) blocks.push({ type: 'text', text: instruction });
  return blocks;
}

/** The system instruction standing in for a JSON response format; undefined for plain text. */
export function jsonOutputInstruction(format: ResponseFormat): string | undefined {
  switch (format.type) {
    case 'text':
      return undefined;
    case 'json':
      return 'Respond with a single valid JSON object only: no prose before or after it and no Markdown code fences.';
    case 'json-schema': {
      const about = format.description === undefined ? '' : ` (${format.description})`;
      return (
        `Respond with one JSON value only, named "${format.name}"${about}, that validates against this JSON ` +
        `Schema: no prose before or after it and no Markdown code fences.\n${JSON.stringify(format.schema)}`
      );
    }
  }
}

/**
 * Canonical turns -> strictly alternating user/assistant turns. `tool` turns become user turns of tool_result
 * blocks; consecutive turns of one role merge, and in a merged user turn the tool results go first, as the API
 * requires. Turns left empty (e.g. only unsigned reasoning) are dropped.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#handling-tool-use-and-tool-result-content-blocks
 */
function toMessages(messages: CanonicalMessage[]): MessageParam[] {
  const turns: Array<{ role: 'user' | 'assistant'; content: ContentBlockParam[] }> = [];
  for (const message of messages) {
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content = message.content.flatMap(toContentBlocks);
    if (content.length === 0) continue;
    const last = turns.at(-1);
    if (last !== undefined && last.role === role) appendAll(last.content, content);
    else turns.push({ role, content });
  }
  return turns.map((turn) =>
    turn.role === 'user' ? { ...turn, content: toolResultsFirst(turn.content) } : turn,
  );
}

function toolResultsFirst(content: ContentBlockParam[]): ContentBlockParam[] {
  const results = content.filter((block) => block.type === 'tool_result');
  if (results.length === 0) return content;
  return [...results, ...content.filter((block) => block.type !== 'tool_result')];
}

/** One canonical part -> zero or one content block (returned as an array for flatMap). */
function toContentBlocks(part: ContentPart): ContentBlockParam[] {
  switch (part.type) {
    case 'text':
      // The API rejects empty and whitespace-only text blocks; they carry nothing, so they are dropped.
      return part.text.trim() === '' ? [] : [toTextBlock(part)];
    case 'image':
      return [toImageBlock(part)];
    case 'tool-call':
      // @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
      return [
        {
          type: 'tool_use',
          id: toToolCallId(part.id, anthropicToolCallIds),
          name: part.name,
          input: toToolInput(part.arguments),
        },
      ];
    case 'tool-result':
      return [toToolResultBlock(part.toolCallId, part.content, part.isError, part.cacheControl)];
    case 'reasoning':
      // A thinking block is only accepted back with its signature; without one it cannot be replayed.
      // @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks
      return part.signature === undefined
        ? []
        : [{ type: 'thinking', thinking: part.text, signature: part.signature }];
    case 'redacted-reasoning':
      return [{ type: 'redacted_thinking', data: part.data }];
  }
}

/**
 * tool_use.input must be an object, but canonical arguments are the model's raw string, not always valid
 * JSON (OpenAI models can emit truncated JSON). Rather than fail the whole request, an unparseable or
 * non-object string travels as {"_raw": "<string>"}; an empty string means no arguments.
 */
export function toToolInput(argumentsText: string): Record<string, unknown> {
  if (argumentsText.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Not JSON: fall through to the raw wrapper.
  }
  return { _raw: argumentsText };
}

/** @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#handling-results-from-client-tools */
function toToolResultBlock(
  toolUseId: string,
  content: Array<TextPart | ImagePart>,
  isError: boolean | undefined,
  cacheControl: unknown,
): ToolResultBlockParam {
  // Mapped exactly as the tool_use it answers, so the pair still matches after sanitising.
  const block: ToolResultBlockParam = {
    type: 'tool_result',
    tool_use_id: toToolCallId(toolUseId, anthropicToolCallIds),
  };
  const blocks = content.flatMap((part): Array<TextBlockParam | ImageBlockParam> => {
    if (part.type === 'image') return [toImageBlock(part)];
    return part.text.trim() === '' ? [] : [toTextBlock(part)];
  });
  if (blocks.length > 0) block.content = blocks;
  if (isError === true) block.is_error = true;
  const marker = toCacheControl(cacheControl);
  if (marker !== undefined) block.cache_control = marker;
  return block;
}

function toTextBlock(part: TextPart): TextBlockParam {
  const block: TextBlockParam = { type: 'text', text: part.text };
  const marker = toCacheControl(part.cacheControl);
  if (marker !== undefined) block.cache_control = marker;
  return block;
}

/**
 * Base64 images keep their media type; URL images use the url source. OpenAI's `detail` has no equivalent.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/vision
 */
function toImageBlock(part: ImagePart): ImageBlockParam {
  const source =
    part.source.kind === 'url'
      ? { type: 'url' as const, url: part.source.url }
      : {
          type: 'base64' as const,
          // The API validates the media type; passing the client's through gives its clear error, not ours.
          media_type: part.source.mediaType as Base64ImageSource['media_type'],
          data: part.source.data,
        };
  const block: ImageBlockParam = { type: 'image', source };
  const marker = toCacheControl(part.cacheControl);
  if (marker !== undefined) block.cache_control = marker;
  return block;
}

/**
 * Canonical cache markers are opaque; an object is forwarded as Anthropic's cache_control, anything else
 * (e.g. a stray boolean) is dropped rather than sent to fail upstream.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching
 */
function toCacheControl(value: unknown): CacheControlEphemeral | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return value as CacheControlEphemeral;
}

/**
 * Function tools -> client tools. input_schema must be an object schema, so `type: 'object'` is supplied
 * when the client's parameters omit it (OpenAI allows an empty schema).
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#specifying-client-tools
 */
function toTool(tool: ToolDefinition): Tool {
  const result: Tool = { name: tool.name, input_schema: { type: 'object', ...tool.parameters } };
  if (tool.description !== undefined) result.description = tool.description;
  if (tool.strict === true) result.strict = true;
  const marker = toCacheControl(tool.cacheControl);
  if (marker !== undefined) result.cache_control = marker;
  return result;
}

/**
 * OpenAI's `required` is Anthropic's `any`; parallelToolCalls false is disable_parallel_tool_use (which
 * `none` cannot carry). Only sent with tools: the API rejects tool_choice without them.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#parallel-tool-use
 */
function toToolChoice(
  choice: CanonicalToolChoice | undefined,
  parallelToolCalls: boolean | undefined,
): ToolChoice | undefined {
  const disable = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  switch (choice?.type) {
    case undefined:
      return parallelToolCalls === false ? { type: 'auto', ...disable } : undefined;
    case 'auto':
      return { type: 'auto', ...disable };
    case 'required':
      return { type: 'any', ...disable };
    case 'none':
      return { type: 'none' };
    case 'tool':
      return { type: 'tool', name: choice.name, ...disable };
  }
}
