// Renders a canonical ChatResponse as an Anthropic Message object for an Anthropic client.
// Pure; never sees HTTP. Streams are rendered by messages-stream.ts.
// @see https://docs.anthropic.com/en/api/messages#response-content

import type { ChatResponse, ContentPart, Usage } from '../../core/index.js';
import { toAnthropicStopReason } from './stop-reason.js';

export function toAnthropicResponse(response: ChatResponse, model: string): object {
  const content = response.content.flatMap(toAnthropicBlock);
  let stopReason = toAnthropicStopReason(response.finishReason);
  if (response.refusal !== undefined && response.refusal !== '') {
    // An OpenAI refusal has no block of its own here: its text is what the model said.
    content.push({ type: 'text', text: response.refusal });
    stopReason = 'refusal';
  }
  return {
    id: response.id,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason,
    stop_sequence: response.stopSequence ?? null,
    usage: toAnthropicUsage(response.usage),
  };
}

function toAnthropicBlock(part: ContentPart): Array<Record<string, unknown>> {
  switch (part.type) {
    case 'text':
      return [{ type: 'text', text: part.text }];
    case 'reasoning':
      return [{ type: 'thinking', thinking: part.text, signature: part.signature ?? '' }];
    case 'redacted-reasoning':
      return [{ type: 'redacted_thinking', data: part.data }];
    case 'tool-call':
      return [{ type: 'tool_use', id: part.id, name: part.name, input: toToolInput(part.arguments) }];
    case 'image':
    case 'tool-result':
      // Never produced by a model response; nothing to render.
      return [];
  }
}

/**
 * Anthropic clients get `input` as an object. Arguments that are not a JSON object (a model can
 * emit broken JSON) are handed over as {"_raw": text} rather than failing the whole response.
 */
export function toToolInput(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Fall through to the raw form.
  }
  return { _raw: text };
}

/**
 * Anthropic's input_tokens excludes cache reads and writes; canonical inputTokens includes both.
 * Web searches the provider reported go out as server_tool_use, in a whole message's usage and in
 * a stream's message_start and message_delta alike.
 * @see https://docs.anthropic.com/en/api/messages#response-usage
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool#usage-and-pricing
 */
export function toAnthropicUsage(usage: Usage): Record<string, unknown> {
  const rendered: Record<string, unknown> = {
    input_tokens: Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens),
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
    output_tokens: usage.outputTokens,
  };
  if (usage.webSearchRequests !== undefined) {
    rendered.server_tool_use = { web_search_requests: usage.webSearchRequests };
  }
  return rendered;
}
