// Translates validated Anthropic messages and system blocks to canonical messages. A user turn
// holding tool_result blocks splits into 'tool' and 'user' messages, in block order. Pure.
// @see https://docs.anthropic.com/en/api/messages#body-messages

import type { ContentPart, ImagePart, Message, TextPart, ToolResultPart } from '../../core/index.js';
import { untranslatable } from '../validation-error.js';
import type {
  AnthropicAssistantBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicUserBlock,
} from './messages-schema.js';
import { appendAll } from '../../core/append-all.js';

type Path = Array<string | number>;

export interface CanonicalConversation {
  system: TextPart[];
  messages: Message[];
}

export function toCanonicalMessages(
  system: string | AnthropicTextBlock[] | undefined,
  messages: AnthropicMessage[],
): CanonicalConversation {
  const canonicalSystem = system === undefined ? [] : toTextParts(system);
  const canonical: Message[] = [];
  messages.forEach((message, index) => {
    const path = ['messages', index, 'content'];
    switch (message.role) {
      case 'system':
        appendAll(canonicalSystem, toTextParts(message.content));
        return;
      case 'user':
        if (typeof message.content === 'string') canonical.push(userText(message.content));
        else addUserBlocks(canonical, message.content, path);
        return;
      case 'assistant':
        canonical.push({ role: 'assistant', content: toAssistantParts(message.content, path) });
        return;
    }
  });
  return { system: canonicalSystem, messages: canonical };
}

function userText(text: string): Message {
  return { role: 'user', content: [{ type: 'text', text }] };
}

function toTextParts(content: string | AnthropicTextBlock[]): TextPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map(toTextPart);
}

function toTextPart(block: AnthropicTextBlock): TextPart {
  const part: TextPart = { type: 'text', text: block.text };
  if (block.cache_control != null) part.cacheControl = block.cache_control;
  return part;
}

/** Runs of tool_result blocks become 'tool' messages and runs of anything else 'user' messages. */
function addUserBlocks(messages: Message[], blocks: AnthropicUserBlock[], path: Path): void {
  let current: Message | undefined;
  blocks.forEach((block, index) => {
    const role = block.type === 'tool_result' ? 'tool' : 'user';
    if (current?.role !== role) {
      current = { role, content: [] };
      messages.push(current);
    }
    current.content.push(toUserPart(block, [...path, index]));
  });
}

function toUserPart(block: AnthropicUserBlock, path: Path): ContentPart {
  if (block.type === 'text') return toTextPart(block);
  if (block.type === 'image') return toImagePart(block, path);
  if (block.type === 'tool_result') return toToolResult(block, path);
  if (block.type === 'document') return toDocumentText(block, path);
  throw untranslatable([...path, 'type'], `content block type '${block.type}'`);
}

/**
 * A text document (a `text` source, or a `content` source of text blocks) is text to any model:
 * its title, its context and its text, one after another. PDFs and files, and documents that ask
 * for citations (which only Anthropic produces), have no form in the other dialect.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/citations
 */
function toDocumentText(block: Record<string, unknown>, path: Path): TextPart {
  const citations = block.citations;
  if (
    typeof citations === 'object' &&
    citations !== null &&
    (citations as { enabled?: unknown }).enabled === true
  ) {
    throw untranslatable([...path, 'citations'], 'a document with citations');
  }
  const source = block.source as { type: string; data?: unknown; content?: unknown };
  let text: string | undefined;
  if (source.type === 'text' && typeof source.data === 'string') text = source.data;
  else if (source.type === 'content') text = contentText(source.content);
  if (text === undefined)
    throw untranslatable([...path, 'source', 'type'], `a document '${source.type}' source`);
  const heading = [block.title, block.context].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  const part: TextPart = { type: 'text', text: [...heading, text].join('\n\n') };
  if (block.cache_control != null) part.cacheControl = block.cache_control;
  return part;
}

/** A `content` source's text: a string, or text blocks only. */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts: string[] = [];
  for (const item of content) {
    const block = item as { type?: unknown; text?: unknown };
    if (block.type !== 'text' || typeof block.text !== 'string') return undefined;
    texts.push(block.text);
  }
  return texts.join('\n');
}

function toImagePart(block: AnthropicImageBlock, path: Path): ImagePart {
  const source = block.source;
  let part: ImagePart;
  if (source.type === 'base64') {
    part = { type: 'image', source: { kind: 'base64', mediaType: source.media_type, data: source.data } };
  } else if (source.type === 'url') {
    part = { type: 'image', source: { kind: 'url', url: source.url } };
  } else {
    throw untranslatable([...path, 'source', 'type'], "an image 'file' source");
  }
  if (block.cache_control != null) part.cacheControl = block.cache_control;
  return part;
}

function toToolResult(block: AnthropicToolResultBlock, path: Path): ToolResultPart {
  const content: Array<TextPart | ImagePart> = [];
  if (typeof block.content === 'string') content.push({ type: 'text', text: block.content });
  else {
    block.content?.forEach((inner, index) => {
      const innerPath = [...path, 'content', index];
      if (inner.type === 'text') content.push(toTextPart(inner));
      else if (inner.type === 'image') content.push(toImagePart(inner, innerPath));
      else throw untranslatable([...innerPath, 'type'], `tool_result content type '${inner.type}'`);
    });
  }
  const part: ToolResultPart = { type: 'tool-result', toolCallId: block.tool_use_id, content };
  if (block.is_error !== undefined) part.isError = block.is_error;
  if (block.cache_control != null) part.cacheControl = block.cache_control;
  return part;
}

function toAssistantParts(content: string | AnthropicAssistantBlock[], path: Path): ContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.map((block, index): ContentPart => {
    if (block.type === 'text') return toTextPart(block);
    if (block.type === 'thinking')
      return { type: 'reasoning', text: block.thinking, signature: block.signature };
    if (block.type === 'redacted_thinking') return { type: 'redacted-reasoning', data: block.data };
    if (block.type === 'tool_use') {
      return { type: 'tool-call', id: block.id, name: block.name, arguments: JSON.stringify(block.input) };
    }
    throw untranslatable([...path, index, 'type'], `content block type '${block.type}'`);
  });
}
