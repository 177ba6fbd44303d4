// The texts of a chat request that guardrails read and may rewrite, in either dialect: the system
// prompt, every message's text (string content or text parts), tool results, search results and
// attached plain-text documents with their titles (read as untrusted, like tool results), and the
// arguments of earlier tool calls (OpenAI's JSON text, every string of Anthropic's input object). Images and other binary parts are skipped. Returns a new body where a text
// changed (copied along the changed path only) and the given body itself where none did; the given
// one is never changed. Bounded: at most `maxDepth` levels of nested content are walked.

import type { Dialect } from '../core/index.js';
import { mapJsonStrings } from '../core/map-json-strings.js';

/** Who wrote a text: the caller (system, user), the model (assistant), or a tool (untrusted). */
export type TextSource = 'system' | 'user' | 'assistant' | 'tool';

export type TextMapper = (text: string, source: TextSource) => string;

const maxDepth = 8;

export function mapTexts(
  dialect: Dialect,
  body: Readonly<Record<string, unknown>>,
  map: TextMapper,
): Record<string, unknown> {
  const system =
    dialect === 'anthropic' && body.system !== undefined
      ? mapContent(body.system, 'system', map, 0)
      : body.system;
  const messages = Array.isArray(body.messages)
    ? mapArray(body.messages, (message) => mapMessage(message, map))
    : body.messages;
  // Copied only where a text changed: a request the checks leave alone costs no allocation.
  if (system === body.system && messages === body.messages) return body;
  const result: Record<string, unknown> = { ...body };
  if (messages !== body.messages) result.messages = messages;
  if (system !== body.system) result.system = system;
  return result;
}

/** `items` mapped, or `items` itself when every item mapped to itself. */
function mapArray(items: readonly unknown[], map: (item: unknown) => unknown): unknown[] {
  let copy: unknown[] | undefined;
  items.forEach((item, index) => {
    const mapped = map(item);
    if (mapped !== item) (copy ??= items.slice())[index] = mapped;
  });
  return copy ?? (items as unknown[]);
}

function mapMessage(message: unknown, map: TextMapper): unknown {
  if (typeof message !== 'object' || message === null) return message;
  const record = message as Record<string, unknown>;
  const role = record.role;
  const source: TextSource =
    role === 'system' || role === 'developer'
      ? 'system'
      : role === 'assistant'
        ? 'assistant'
        : role === 'tool' || role === 'function'
          ? 'tool'
          : 'user';
  const content = record.content === undefined ? undefined : mapContent(record.content, source, map, 0);
  const calls = Array.isArray(record.tool_calls)
    ? mapArray(record.tool_calls, (call) => mapToolCall(call, map))
    : record.tool_calls;
  if (content === record.content && calls === record.tool_calls) return message;
  const mapped: Record<string, unknown> = { ...record };
  if (content !== undefined) mapped.content = content;
  if (calls !== undefined) mapped.tool_calls = calls;
  return mapped;
}

function mapToolCall(call: unknown, map: TextMapper): unknown {
  if (typeof call !== 'object' || call === null) return call;
  const record = call as Record<string, unknown>;
  const fn = record.function as Record<string, unknown> | undefined;
  if (typeof fn?.arguments !== 'string') return call;
  const text = map(fn.arguments, 'assistant');
  return text === fn.arguments ? call : { ...record, function: { ...fn, arguments: text } };
}

function mapContent(content: unknown, source: TextSource, map: TextMapper, depth: number): unknown {
  if (typeof content === 'string') return map(content, source);
  if (!Array.isArray(content) || depth >= maxDepth) return content;
  return mapArray(content, (part: unknown) => {
    if (typeof part !== 'object' || part === null) return part;
    const record = part as Record<string, unknown>;
    if (record.type === 'text' && typeof record.text === 'string') {
      const text = map(record.text, source);
      return text === record.text ? part : { ...record, text };
    }
    // Anthropic tool results and search results hold their own content: a tool wrote it.
    if ((record.type === 'tool_result' || record.type === 'search_result') && record.content !== undefined) {
      const inner = mapContent(record.content, 'tool', map, depth + 1);
      return inner === record.content ? part : { ...record, content: inner };
    }
    if (record.type === 'document') return mapDocument(record, map, depth);
    // An earlier Anthropic tool call: the model wrote its input, which is sent back as it is.
    if (record.type === 'tool_use' && record.input !== undefined) {
      const input = mapJsonStrings(record.input, (text) => map(text, source), maxDepth - depth - 1);
      return input === record.input ? part : { ...record, input };
    }
    return part;
  });
}

/**
 * An attached Anthropic document is untrusted, like a tool result: its title, its context, and its
 * text (a `text` source, or a `content` source of text blocks). PDFs and files are binary: skipped.
 */
function mapDocument(record: Record<string, unknown>, map: TextMapper, depth: number): unknown {
  const mapped: Record<string, unknown> = { ...record };
  let changed = false;
  const set = (field: string, value: unknown): void => {
    mapped[field] = value;
    changed = true;
  };
  for (const field of ['title', 'context']) {
    const value = record[field];
    if (typeof value !== 'string') continue;
    const text = map(value, 'tool');
    if (text !== value) set(field, text);
  }
  const attached = record.source as Record<string, unknown> | undefined;
  if (attached?.type === 'text' && typeof attached.data === 'string') {
    const data = map(attached.data, 'tool');
    if (data !== attached.data) set('source', { ...attached, data });
  } else if (attached?.type === 'content' && attached.content !== undefined) {
    const content = mapContent(attached.content, 'tool', map, depth + 1);
    if (content !== attached.content) set('source', { ...attached, content });
  }
  return changed ? mapped : record;
}
