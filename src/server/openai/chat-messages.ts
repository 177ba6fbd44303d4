// Translates validated OpenAI chat messages to canonical messages (system/developer text gathered
// apart). Pure; used only when a request crosses to a provider of the other dialect.
// @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages

import type { ContentPart, ImagePart, Message, TextPart, ToolCallPart } from '../../core/index.js';
import type { OpenAIChatMessage, OpenAIUserPart } from './chat-schema.js';
import { invalidRequest, untranslatable } from '../validation-error.js';
import { fromThinkingBlocks } from './thinking-blocks.js';
import { appendAll } from '../../core/append-all.js';

type AssistantMessage = Extract<OpenAIChatMessage, { role: 'assistant' }>;

export interface CanonicalConversation {
  system: TextPart[];
  messages: Message[];
}

export function toCanonicalMessages(messages: OpenAIChatMessage[]): CanonicalConversation {
  const system: TextPart[] = [];
  const canonical: Message[] = [];
  messages.forEach((message, index) => {
    switch (message.role) {
      case 'system':
      case 'developer':
        appendAll(system, toTextParts(message.content));
        return;
      case 'user':
        canonical.push(named({ role: 'user', content: toUserParts(message.content, index) }, message.name));
        return;
      case 'assistant':
        canonical.push(named({ role: 'assistant', content: toAssistantParts(message, index) }, message.name));
        return;
      case 'tool':
        addToolResult(canonical, message.tool_call_id, toTextParts(message.content));
        return;
      case 'function':
        throw untranslatable([`messages`, index, 'role'], "role 'function' (deprecated; use tool messages)");
    }
  });
  return { system, messages: canonical };
}

function named(message: Message, name: string | undefined): Message {
  if (name !== undefined) message.name = name;
  return message;
}

function toTextParts(content: string | Array<{ text: string }>): TextPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part) => ({ type: 'text', text: part.text }));
}

function toUserParts(content: string | OpenAIUserPart[], index: number): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, partIndex): ContentPart => {
    const path = ['messages', index, 'content', partIndex];
    switch (part.type) {
      case 'text':
        return { type: 'text', text: part.text };
      case 'image_url':
        return toImagePart(part.image_url.url, part.image_url.detail, [...path, 'image_url', 'url']);
      case 'input_audio':
      case 'file':
        throw untranslatable([...path, 'type'], `content part type '${part.type}'`);
    }
  });
}

/** data: URLs become inline base64 images, which is how the other dialect carries them. */
function toImagePart(url: string, detail: string | undefined, path: Array<string | number>): ImagePart {
  const part: ImagePart = { type: 'image', source: { kind: 'url', url } };
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    const header = comma === -1 ? '' : url.slice(5, comma);
    if (!header.endsWith(';base64') || header.length <= ';base64'.length) {
      throw invalidRequest(path, "an image data URL must look like 'data:<media type>;base64,<data>'.");
    }
    const mediaType = header.slice(0, header.indexOf(';'));
    part.source = { kind: 'base64', mediaType, data: url.slice(comma + 1) };
  }
  if (detail !== undefined) part.detail = detail;
  return part;
}

/**
 * Thinking blocks first: Anthropic requires a tool turn to start with the thinking that led to it.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#extended-thinking-with-tool-use
 */
function toAssistantParts(message: AssistantMessage, index: number): ContentPart[] {
  const parts: ContentPart[] = message.thinking_blocks ? fromThinkingBlocks(message.thinking_blocks) : [];
  const content = message.content;
  if (typeof content === 'string') {
    // An empty string beside tool calls means "no text"; the other dialect rejects empty text blocks.
    if (content !== '') parts.push({ type: 'text', text: content });
  } else if (content) {
    for (const part of content) {
      parts.push({ type: 'text', text: part.type === 'text' ? part.text : part.refusal });
    }
  }
  if (typeof message.refusal === 'string' && message.refusal !== '' && !parts.some(isText)) {
    parts.push({ type: 'text', text: message.refusal });
  }
  if (message.audio != null) {
    throw untranslatable(['messages', index, 'audio'], 'a previous audio answer');
  }
  if (message.function_call) {
    throw untranslatable(
      ['messages', index, 'function_call'],
      "'function_call' (deprecated; use tool_calls)",
    );
  }
  message.tool_calls?.forEach((call, callIndex) => {
    if (call.type !== 'function') {
      throw untranslatable(['messages', index, 'tool_calls', callIndex, 'type'], 'custom tool calls');
    }
    const part: ToolCallPart = {
      type: 'tool-call',
      id: call.id,
      name: call.function.name,
      arguments: call.function.arguments,
    };
    parts.push(part);
  });
  return parts;
}

/** Consecutive tool messages answer one assistant turn: they share one canonical tool message. */
function addToolResult(messages: Message[], toolCallId: string, content: TextPart[]): void {
  const last = messages.at(-1);
  const result = { type: 'tool-result' as const, toolCallId, content };
  if (last?.role === 'tool') last.content.push(result);
  else messages.push({ role: 'tool', content: [result] });
}

function isText(part: ContentPart): boolean {
  return part.type === 'text';
}
